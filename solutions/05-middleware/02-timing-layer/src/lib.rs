//! The timing middleware again, written as tower's `Layer` and `Service`: the "class" form,
//! which is what `from_fn` builds for you, and what tower-http's layers are made of.

mod format;
mod layer;
mod service;

use std::time::Duration;

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{Method, StatusCode, Uri};
use axum::{Json, Router, routing::get};
use serde::Serialize;

pub use format::{REQUEST_DURATION, format_duration};
pub use layer::TimingLayer;
pub use service::{BoxFuture, Timing};

/// The longest `GET /sleep/{ms}` will sleep.
pub const MAX_SLEEP_MS: u64 = 10_000;

// ANCHOR: app
pub fn app() -> Router {
    Router::new()
        .route("/sleep/{ms}", get(sleep))
        .fallback(no_route)
        .layer(TimingLayer)
}
// ANCHOR_END: app

#[derive(Debug, Serialize)]
pub struct Answer {
    pub slept_ms: u64,
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

type ApiError = (StatusCode, Json<ErrorBody>);

fn api_error(status: StatusCode, error: &'static str, message: String) -> ApiError {
    (status, Json(ErrorBody { error, message }))
}

/// `GET /sleep/{ms}`: answers after `ms` milliseconds (at most [`MAX_SLEEP_MS`]).
async fn sleep(ms: Result<Path<u64>, PathRejection>) -> Result<Json<Answer>, ApiError> {
    let Path(ms) = ms.map_err(|e| api_error(e.status(), "bad_request", e.body_text()))?;
    let ms = ms.min(MAX_SLEEP_MS);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Ok(Json(Answer { slept_ms: ms }))
}

async fn no_route(method: Method, uri: Uri) -> ApiError {
    let message = format!("no route for {method} {}", uri.path());
    api_error(StatusCode::NOT_FOUND, "not_found", message)
}
