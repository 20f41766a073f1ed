//! The course's error type: a status, a code for programs and a message for people.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

impl ApiError {
    /// Input that parsed but breaks a rule: 422.
    pub fn validation(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "validation_failed",
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.code,
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // TODO: give each kind of rejection its code (see the table in src/lib.rs):
        //   JsonSyntaxError -> "malformed_json", JsonDataError -> "invalid_field",
        //   MissingJsonContentType -> "unsupported_media_type",
        //   a body over the limit (status 413) -> "payload_too_large".
        // `rejection.status()` and `rejection.body_text()` give the status and message.
        todo!("turn {rejection:?} into an ApiError")
    }
}
