//! Page "Detail view and a JSON 404": `GET /events/{id}`, with one error type for the whole
//! application and its one `IntoResponse`.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use serde_json::json;

use super::events::{Event, sample_events};

// ANCHOR: error
pub enum AppError {
    Missing(String),
    Malformed(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::Missing(m) => {
                (StatusCode::NOT_FOUND, "missing", m)
            }
            AppError::Malformed(m) => {
                (StatusCode::BAD_REQUEST, "malformed", m)
            }
        };
        let body = json!({"error": code, "message": message});
        (status, Json(body)).into_response()
    }
}

/// `?` turns `/events/abc` into a JSON 400.
impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::Malformed(rejection.body_text())
    }
}
// ANCHOR_END: error

// ANCHOR: handler
pub fn app() -> Router {
    Router::new().route("/events/{id}", get(event_detail))
}

async fn event_detail(
    id: Result<Path<u32>, PathRejection>,
) -> Result<Json<Event>, AppError> {
    let Path(id) = id?;
    sample_events()
        .into_iter()
        .find(|e| e.id == id)
        .map(Json)
        .ok_or_else(|| {
            AppError::Missing(format!("no event {id}"))
        })
}
// ANCHOR_END: handler

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::json;
    use testkit::TestClient;

    #[tokio::test]
    async fn found_missing_and_malformed() {
        let client = TestClient::new(super::app());
        let found = client.get("/events/2").await;
        found.assert_status(StatusCode::OK);
        assert_eq!(found.json()["title"], "Tokio office hours");

        let missing = client.get("/events/9").await;
        missing
            .assert_status(StatusCode::NOT_FOUND)
            .assert_json();
        let expected = json!({"error": "missing", "message": "no event 9"});
        assert_eq!(missing.json(), expected);

        let malformed = client.get("/events/abc").await;
        malformed
            .assert_status(StatusCode::BAD_REQUEST)
            .assert_json();
        assert_eq!(malformed.json()["error"], "malformed");
    }
}
