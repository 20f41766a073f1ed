//! Django's `DoesNotExist` and `MultipleObjectsReturned`, as values.

use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum GetError {
    /// No row matched: a 404.
    DoesNotExist(String),
    /// More than one row matched a lookup that promised one: a bug or bad data, a 500.
    MultipleObjectsReturned(String),
    /// The database failed: a 500 that does not show the SQL to the client.
    Database(sqlx::Error),
}

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

impl IntoResponse for GetError {
    fn into_response(self) -> Response {
        // TODO: answer each variant as JSON (`ErrorBody`) with its status:
        //   DoesNotExist(message)            -> 404 {"error": "not_found", ...}
        //   MultipleObjectsReturned(message) -> 500 {"error": "multiple_objects_returned", ...}
        //   Database(_)                      -> 500 {"error": "database_error", ...}, with a
        //                                       message of your own: never the SQL error's text.
        todo!("turn {self:?} into a response")
    }
}
