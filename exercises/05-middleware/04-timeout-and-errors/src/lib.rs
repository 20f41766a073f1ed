//! A slow handler becomes a JSON 504 instead of a connection that hangs; a panicking handler
//! becomes a JSON 500, and the server goes on serving everyone else.

mod error;
mod failures;

use std::time::Duration;

use axum::{Json, Router, routing::get};
use serde::Serialize;

pub use error::{ApiError, ErrorBody};
pub use failures::{handle_timeout, panic_response};

/// What `/panic` panics with: tests recognise their own panic by it.
pub const PANIC_MESSAGE: &str = "deliberate panic: the report generator hit a bug";

pub fn app(request_timeout: Duration) -> Router {
    // TODO: wrap the routes in layers so that a handler running longer than `request_timeout`
    // is answered `ApiError::timeout()` (a JSON 504), and a handler that panics is answered
    // `ApiError::internal()` (a JSON 500). src/failures.rs has the two functions the layers
    // call; the page shows which layers.
    let _ = request_timeout;
    Router::new()
        .route("/fast", get(fast))
        .route("/slow", get(slow))
        .route("/panic", get(panics))
}

#[derive(Debug, Serialize)]
pub struct Status {
    pub status: &'static str,
}

async fn fast() -> Json<Status> {
    Json(Status { status: "ok" })
}

/// A handler stuck on something that never answers: a lost lock, a dead upstream without a
/// timeout of its own.
async fn slow() -> Json<Status> {
    tokio::time::sleep(Duration::from_secs(3600)).await;
    Json(Status { status: "finally" })
}

/// A handler with a bug.
async fn panics() -> Json<Status> {
    panic!("{PANIC_MESSAGE}")
}
