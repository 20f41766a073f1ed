//! Runtime flavours: the same server on a current-thread and on a multi-thread tokio runtime.
//!
//! `GET /async-report` awaits the report service's async API, `GET /blocking-report` calls
//! its blocking API right on the runtime, and `GET /offloaded-report` calls the blocking API
//! through `spawn_blocking`. The tests serve this app on each flavour and count how many
//! report calls were ever in progress at once.

mod reports;
mod server;

use std::any::Any;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use tokio::runtime::Runtime;
use tower_http::catch_panic::CatchPanicLayer;

pub use reports::{Report, Reports};
pub use server::Server;

/// Which kind of tokio runtime to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// One thread runs every task: `#[tokio::main(flavor = "current_thread")]`, and what
    /// `#[tokio::test]` gives you by default.
    CurrentThread,
    /// A pool of worker threads: what `#[tokio::main]` gives you (one worker per core).
    MultiThread { workers: usize },
}

/// Builds the runtime `#[tokio::main]` would build for `flavour`, by hand.
pub fn build_runtime(flavour: Flavour) -> std::io::Result<Runtime> {
    // TODO: build a current-thread runtime for `Flavour::CurrentThread`, and a multi-thread
    // runtime with exactly `workers` worker threads for `Flavour::MultiThread`, both able to
    // open sockets and sleep. Start from `tokio::runtime::Builder`.
    todo!("build a {flavour:?} runtime")
}

pub fn app(reports: Reports) -> Router {
    Router::new()
        .route("/async-report", get(async_report))
        .route("/blocking-report", get(blocking_report))
        .route("/offloaded-report", get(offloaded_report))
        .with_state(reports)
        // A handler that panics answers a 500 that says why, instead of a dropped connection.
        .layer(CatchPanicLayer::custom(panic_as_json))
}

/// Waits on the async API: the runtime's thread is free to serve others meanwhile.
async fn async_report(State(reports): State<Reports>) -> Json<Report> {
    Json(reports.render("async").await)
}

/// The pitfall: the blocking API, called right on the runtime. While it waits, the worker
/// thread it runs on can do nothing else.
async fn blocking_report(State(reports): State<Reports>) -> Json<Report> {
    Json(reports.render_blocking("blocking"))
}

/// The blocking API on tokio's blocking-thread pool: Django's `sync_to_async`.
async fn offloaded_report(State(reports): State<Reports>) -> Result<Json<Report>, ApiError> {
    // TODO: call `reports.render_blocking("offloaded")` without blocking the runtime's thread:
    // run it on tokio's blocking-thread pool and await the result. If the blocking call
    // panics, answer `ApiError("the report call panicked on its blocking thread")`.
    todo!(
        "render a report off the runtime ({} done so far)",
        reports.completed()
    )
}

/// A failure of the server itself, answered as a JSON 500.
#[derive(Debug)]
pub struct ApiError(&'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": "internal", "message": self.0 });
        (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
    }
}

fn panic_as_json(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("the handler panicked");
    let body = serde_json::json!({ "error": "panic", "message": message });
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}
