//! Django's `DoesNotExist` and `MultipleObjectsReturned`, as values.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

// ANCHOR: error
#[derive(Debug)]
pub enum GetError {
    /// No row matched: a 404.
    DoesNotExist(String),
    /// More than one row matched a lookup that promised one: a bug or bad data, a 500.
    MultipleObjectsReturned(String),
    /// The database failed: a 500 that does not show the SQL to the client.
    Database(sqlx::Error),
}
// ANCHOR_END: error

/// Lets `?` turn a sqlx error into a [`GetError`].
impl From<sqlx::Error> for GetError {
    fn from(error: sqlx::Error) -> Self {
        GetError::Database(error)
    }
}

/// The JSON body of every error: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

// ANCHOR: into_response
impl IntoResponse for GetError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self {
            GetError::DoesNotExist(message) => (StatusCode::NOT_FOUND, "not_found", message),
            GetError::MultipleObjectsReturned(message) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "multiple_objects_returned",
                message,
            ),
            GetError::Database(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "database_error",
                "the database failed to answer".to_owned(),
            ),
        };
        (status, Json(ErrorBody { error, message })).into_response()
    }
}
// ANCHOR_END: into_response
