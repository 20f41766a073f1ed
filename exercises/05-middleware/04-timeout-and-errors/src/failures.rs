//! Turning the two failures a handler cannot answer itself into the course's JSON errors.

use std::any::Any;

use axum::BoxError;
use axum::response::Response;

use crate::error::ApiError;

/// Called by `HandleErrorLayer` with the error of the layer inside it.
pub async fn handle_timeout(error: BoxError) -> ApiError {
    // TODO: a `tower::timeout::error::Elapsed` is a timeout (`ApiError::timeout()`); any other
    // error is ours (`ApiError::internal()`). `error.is::<T>()` tells them apart.
    todo!("answer the error `{error}`")
}

/// Called by `CatchPanicLayer::custom(..)` with what the handler panicked with.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    // TODO: answer `ApiError::internal()` as a response. Do not send the panic's message: it
    // is for the server's log, and the panic hook has already written it there.
    let _ = panic;
    todo!("answer a panic")
}
