//! Worked examples of the pages of this chapter, one file per page.

pub mod auth_middleware;
pub mod blocking_middleware;
pub mod request_id_and_order;
pub mod timeout_and_errors;
pub mod timing_layer;
pub mod timing_middleware;

use axum::http::StatusCode;
use axum::{Json, Router, extract::Path, routing::get};
use serde_json::{Value, json};

/// The routes every example of this chapter wraps: an article, and its 404.
pub fn articles() -> Router {
    Router::new().route("/articles/{slug}", get(article))
}

async fn article(
    Path(slug): Path<String>,
) -> Result<Json<Value>, StatusCode> {
    if slug == "no-such-article" {
        return Err(StatusCode::NOT_FOUND);
    }
    Ok(Json(json!({ "slug": slug })))
}
