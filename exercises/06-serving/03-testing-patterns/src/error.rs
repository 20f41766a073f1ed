//! The course's error type (built in the `detail-view` exercise), reduced to what this app needs.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    NotFound(String),
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let ApiError::NotFound(message) = self;
        let body = ErrorBody {
            error: "not_found",
            message,
        };
        (StatusCode::NOT_FOUND, Json(body)).into_response()
    }
}
