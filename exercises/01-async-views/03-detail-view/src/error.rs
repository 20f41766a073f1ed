//! One error type for the whole application.
//!
//! Every handler returns `Result<_, ApiError>`, and this is the only place that decides what
//! an error looks like on the wire. Django has `Http404` and exception middleware; here the
//! error is a value, and `IntoResponse` turns it into a response.

use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    /// Nothing exists under the requested key: 404.
    NotFound(String),
    /// The request itself is malformed: 400.
    BadRequest(String),
}

/// The JSON body of every error: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // TODO: answer each variant as JSON with its status:
        //   NotFound(message)   -> 404 {"error": "not_found",   "message": message}
        //   BadRequest(message) -> 400 {"error": "bad_request", "message": message}
        todo!("turn {self:?} into a response")
    }
}
