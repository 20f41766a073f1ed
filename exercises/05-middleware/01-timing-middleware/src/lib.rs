//! Every response of this app, errors and 404s included, carries `X-Request-Duration: 0.123s`:
//! how long the server took to answer. One middleware, written with `from_fn`, adds it.

mod error;
mod timing;

use std::time::Duration;

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{Method, Uri};
use axum::{Json, Router, routing::get};
use serde::Serialize;

pub use error::{ApiError, ErrorBody};
pub use timing::{REQUEST_DURATION, format_duration, timing};

/// The longest `GET /sleep/{ms}` will sleep: a test route, not a way to tie up the server.
pub const MAX_SLEEP_MS: u64 = 10_000;

pub fn app() -> Router {
    // TODO: add the `timing` middleware (in src/timing.rs) so that it wraps every response
    // of this app: the routes, their errors, and the fallback's 404s. `axum::middleware::from_fn`
    // turns an `async fn(Request, Next) -> Response` into a layer.
    Router::new()
        .route("/sleep/{ms}", get(sleep))
        .route("/articles/{slug}", get(article))
        .fallback(no_route)
}

#[derive(Debug, Serialize)]
pub struct Slept {
    pub slept_ms: u64,
}

/// `GET /sleep/{ms}`: answers after `ms` milliseconds, like a view waiting on a slow query.
async fn sleep(ms: Result<Path<u64>, PathRejection>) -> Result<Json<Slept>, ApiError> {
    let Path(ms) = ms.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if ms > MAX_SLEEP_MS {
        return Err(ApiError::bad_request(format!(
            "sleeping {ms} ms is over the limit of {MAX_SLEEP_MS} ms"
        )));
    }
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Ok(Json(Slept { slept_ms: ms }))
}

#[derive(Debug, Serialize)]
pub struct Article {
    pub slug: &'static str,
    pub title: &'static str,
}

/// `GET /articles/{slug}`: one article, or a 404 answered by the handler itself.
async fn article(Path(slug): Path<String>) -> Result<Json<Article>, ApiError> {
    if slug == "async-middleware" {
        Ok(Json(Article {
            slug: "async-middleware",
            title: "Middleware is an onion",
        }))
    } else {
        Err(ApiError::not_found(format!(
            "no article has the slug `{slug}`"
        )))
    }
}

/// The router's fallback: a request no route matched.
async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}
