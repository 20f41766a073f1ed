//! Turning the two failures a handler cannot answer itself into the course's JSON errors.

use std::any::Any;

use axum::BoxError;
use axum::response::{IntoResponse, Response};
use tower::timeout::error::Elapsed;

use crate::error::ApiError;

// ANCHOR: handle_timeout
/// tower's `Timeout` fails with an error instead of answering; axum needs every error turned
/// into a response, and `HandleErrorLayer` calls this to do it.
pub async fn handle_timeout(error: BoxError) -> ApiError {
    if error.is::<Elapsed>() {
        ApiError::timeout()
    } else {
        ApiError::internal()
    }
}
// ANCHOR_END: handle_timeout

// ANCHOR: panic_response
/// `CatchPanicLayer` calls this with whatever the handler panicked with. The panic hook has
/// already written the message and its location to stderr, for the server's log; the client
/// learns only that it was our fault.
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::internal().into_response()
}
// ANCHOR_END: panic_response
