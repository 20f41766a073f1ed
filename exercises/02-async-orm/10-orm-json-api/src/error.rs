//! Every way a request can fail, and the JSON each one answers.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    /// The query string or body could not be read: 400.
    BadRequest(String),
    /// Nothing under that key: 404.
    NotFound(String),
    /// Well-formed, but breaks a rule: 422.
    Invalid(String),
    /// Clashes with what is stored (a taken slug): 409.
    Conflict(String),
    /// The database failed: 500, without its message.
    Database(sqlx::Error),
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

/// A UNIQUE violation is the client's doing (the slug is taken), not the server's.
impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        // TODO: a UNIQUE violation (`sqlx::Error::Database(e)` with `e.is_unique_violation()`)
        // is `ApiError::Conflict`; every other error is `ApiError::Database(error)`.
        todo!("classify {error:?}")
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m),
            ApiError::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", m),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m),
            ApiError::Database(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "database_error",
                "the database failed to answer".to_owned(),
            ),
        };
        (status, Json(ErrorBody { error, message })).into_response()
    }
}
