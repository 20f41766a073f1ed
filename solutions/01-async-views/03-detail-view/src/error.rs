//! One error type for the whole application.
//!
//! Every handler returns `Result<_, ApiError>`, and this is the only place that decides what
//! an error looks like on the wire. Django has `Http404` and exception middleware; here the
//! error is a value, and `IntoResponse` turns it into a response.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

// ANCHOR: error
#[derive(Debug)]
pub enum ApiError {
    /// Nothing exists under the requested key: 404.
    NotFound(String),
    /// The request itself is malformed: 400.
    BadRequest(String),
}
// ANCHOR_END: error

/// The JSON body of every error: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

// ANCHOR: into_response
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self {
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message),
        };
        (status, Json(ErrorBody { error, message })).into_response()
    }
}
// ANCHOR_END: into_response

// ANCHOR: from_rejection
/// Lets `?` turn a path that did not parse (`/comments/abc`) into a JSON 400.
impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}
// ANCHOR_END: from_rejection
