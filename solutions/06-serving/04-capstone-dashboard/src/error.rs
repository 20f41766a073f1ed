//! One error type for the whole service: every failure is answered as JSON with its status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unauthorized(String),
    /// A database failure. The details go to the server's log, not to the client.
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    /// Work that had to run off the runtime failed (it panicked, or the runtime is stopping).
    #[error("{0}")]
    Internal(&'static str),
    /// The service is at one of its limits (too many requests at once, or a request that took
    /// too long): try again later. Its `Retry-After` says when.
    #[error("{0}")]
    Unavailable(String),
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = match &self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Database(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        };
        let message = match &self {
            ApiError::Database(e) => {
                eprintln!("database error: {e}");
                "the server could not answer; the details are in its log".to_owned()
            }
            other => other.to_string(),
        };
        let mut response = (status, Json(ErrorBody { error, message })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}
