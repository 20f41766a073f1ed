//! Streaming a response: `GET /exports/page-views.csv` sends every page view as CSV, one
//! line per row, while the query is still running.
//!
//! Layout: `source.rs` runs the query and hands its rows out one at a time (provided);
//! this file turns them into a response body.
//!
//! Loading the whole table first would make the client wait for the last row before the first
//! byte, and hold the whole export in memory. A streamed body sends each row as it comes,
//! holds one row at a time, and stops the query when the client goes away: hyper drops the
//! body, the body drops the stream, the stream stops the query.

mod source;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Router, routing::get};
use futures::{StreamExt, TryStreamExt};

pub use source::{PageView, PageViews};

// ANCHOR: provided
/// The first line of the export.
pub const HEADER: &str = "id,article_id,seconds\n";
/// The export's content type.
pub const CSV: &str = "text/csv; charset=utf-8";

pub fn app(page_views: PageViews) -> Router {
    Router::new()
        .route("/exports/page-views.csv", get(export_page_views))
        .with_state(page_views)
}
// ANCHOR_END: provided

// ANCHOR: export
async fn export_page_views(State(page_views): State<PageViews>) -> Response {
    let header = futures::stream::once(async { Ok(Bytes::from_static(HEADER.as_bytes())) });
    let rows = page_views
        .stream()
        .map_ok(|row| Bytes::from(csv_line(&row)));
    let body = Body::from_stream(header.chain(rows));
    ([(header::CONTENT_TYPE, CSV)], body).into_response()
}
// ANCHOR_END: export

// ANCHOR: csv_line
/// One row as a CSV line. Every field is a number: nothing to quote.
pub fn csv_line(row: &PageView) -> String {
    format!("{},{},{}\n", row.id, row.article_id, row.seconds)
}
// ANCHOR_END: csv_line
