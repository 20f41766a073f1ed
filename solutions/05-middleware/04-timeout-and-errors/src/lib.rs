//! A slow handler becomes a JSON 504 instead of a connection that hangs; a panicking handler
//! becomes a JSON 500, and the server goes on serving everyone else.

mod error;
mod failures;

use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;

pub use error::{ApiError, ErrorBody};
pub use failures::{handle_timeout, panic_response};

/// What `/panic` panics with: tests recognise their own panic by it.
pub const PANIC_MESSAGE: &str = "deliberate panic: the report generator hit a bug";

// ANCHOR: app
pub fn app(request_timeout: Duration) -> Router {
    Router::new()
        .route("/fast", get(fast))
        .route("/slow", get(slow))
        .route("/panic", get(panics))
        .layer(
            // A ServiceBuilder lists layers outermost first, the way a request meets them.
            ServiceBuilder::new()
                // A panic anywhere inside becomes a JSON 500, and the connection lives on.
                .layer(CatchPanicLayer::custom(panic_response))
                // tower's timeout fails with an error; this answers it as a JSON 504.
                .layer(HandleErrorLayer::new(handle_timeout))
                .timeout(request_timeout),
        )
}
// ANCHOR_END: app

#[derive(Debug, Serialize)]
pub struct Status {
    pub status: &'static str,
}

async fn fast() -> Json<Status> {
    Json(Status { status: "ok" })
}

// ANCHOR: handlers
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
// ANCHOR_END: handlers
