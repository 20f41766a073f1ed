//! The course's error type, reduced to the one error this app answers.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

/// 401, the same for every way a token can be wrong: missing, malformed, unknown. Saying which
/// would tell an attacker what to try next.
#[derive(Debug)]
pub struct Unauthorized;

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: "unauthorized",
            message: "a valid bearer token is required".to_owned(),
        };
        // RFC 9110: a 401 says which scheme would work.
        let challenge = [(header::WWW_AUTHENTICATE, "Bearer")];
        (StatusCode::UNAUTHORIZED, challenge, Json(body)).into_response()
    }
}
