//! Streaming a response: `GET /exports/page-views.csv` sends every page view as CSV, one
//! line per row, while the query is still running.
//!
//! Layout: `source.rs` runs the query and hands its rows out one at a time (provided);
//! this file turns them into a response body.
//!
//! Loading the whole table first would make the client wait for the last row before the first
//! byte, and hold the whole export in memory. A streamed body sends each row as it comes,
//! holds one row at a time, and stops the query when the client goes away.

mod source;

use axum::extract::State;
use axum::response::Response;
use axum::{Router, routing::get};

pub use source::{PageView, PageViews};

/// The first line of the export.
pub const HEADER: &str = "id,article_id,seconds\n";
/// The export's content type.
pub const CSV: &str = "text/csv; charset=utf-8";

pub fn app(page_views: PageViews) -> Router {
    Router::new()
        .route("/exports/page-views.csv", get(export_page_views))
        .with_state(page_views)
}

async fn export_page_views(State(page_views): State<PageViews>) -> Response {
    // TODO: answer with `content-type: text/csv; charset=utf-8` and a body that sends HEADER,
    // then one `csv_line` per row of `page_views.stream()`, each as soon as it is fetched
    // (`axum::body::Body::from_stream`). Never collect the rows first.
    let _ = page_views;
    todo!("stream the page views as CSV")
}

/// One row as a CSV line. Every field is a number: nothing to quote.
pub fn csv_line(row: &PageView) -> String {
    format!("{},{},{}\n", row.id, row.article_id, row.seconds)
}
