//! The course's error type: a status, a code for programs and a message for people.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::bridge::BridgeError;
use crate::legacy::ReadError;

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
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
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

/// Every way reading an invoice can end badly, as a response. A panic is our bug, not the
/// client's: a 500 that says nothing about the inside (the panic's text went to the log).
impl From<BridgeError<ReadError>> for ApiError {
    fn from(error: BridgeError<ReadError>) -> Self {
        match error {
            BridgeError::Failed(e @ ReadError::NotFound(_)) => {
                Self::new(StatusCode::NOT_FOUND, "not_found", e.to_string())
            }
            BridgeError::Failed(e @ ReadError::Malformed { .. }) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed_invoice",
                e.to_string(),
            ),
            BridgeError::Failed(ReadError::Io(_)) | BridgeError::Panicked(_) => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the invoice could not be read",
            ),
            BridgeError::Cancelled => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the server is shutting down",
            ),
        }
    }
}
