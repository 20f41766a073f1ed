//! The course's error type, reduced to the one error this app answers.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

/// 401: the request has no valid API key.
#[derive(Debug)]
pub struct Unauthorized;

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: "unauthorized",
            message: "send a valid `X-Api-Key` header".to_owned(),
        };
        (StatusCode::UNAUTHORIZED, Json(body)).into_response()
    }
}
