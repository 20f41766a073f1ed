//! Page "Bad input, good errors": `POST /events` with a JSON body, every way it can be wrong
//! answered as JSON, and nothing stored unless all of it is right.

use std::sync::{Arc, Mutex};

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::post};
use serde::Deserialize;
use serde_json::json;

use super::events::Event;

// ANCHOR: rejection
pub struct Invalid(StatusCode, &'static str, String);

impl From<JsonRejection> for Invalid {
    fn from(rejection: JsonRejection) -> Self {
        use JsonRejection::*;
        let code = match &rejection {
            JsonSyntaxError(_) => "malformed_json",
            JsonDataError(_) => "invalid_field",
            MissingJsonContentType(_) => "not_json",
            // Also the body limit's 413.
            _ => "unreadable_body",
        };
        // Each rejection knows its own status.
        Invalid(rejection.status(), code, rejection.body_text())
    }
}

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        let Invalid(status, error, message) = self;
        let body = json!({"error": error, "message": message});
        (status, Json(body)).into_response()
    }
}
// ANCHOR_END: rejection

// ANCHOR: create
#[derive(Deserialize)]
pub struct NewEvent {
    title: String,
    city: String,
    seats: u32,
}

impl NewEvent {
    /// What serde cannot say: like a form's clean().
    fn validate(&self) -> Result<(), Invalid> {
        let fail = |m: &str| {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Err(Invalid(status, "validation_failed", m.into()))
        };
        if self.title.trim().is_empty() {
            return fail("title: must not be blank");
        }
        if !(1..=500).contains(&self.seats) {
            return fail("seats: from 1 to 500");
        }
        Ok(())
    }
}

type Events = Arc<Mutex<Vec<Event>>>;

pub fn app(events: Events) -> Router {
    Router::new()
        .route("/events", post(create_event))
        .layer(DefaultBodyLimit::max(4 * 1024))
        .with_state(events)
}

async fn create_event(
    State(events): State<Events>,
    body: Result<Json<NewEvent>, JsonRejection>,
) -> Result<impl IntoResponse, Invalid> {
    let Json(new) = body?;
    new.validate()?; // before anything is stored
    let mut events = events.lock().unwrap();
    let event = Event {
        id: events.len() as u32 + 1,
        title: new.title,
        city: new.city,
        online: false,
        seats: new.seats,
    };
    events.push(event.clone());
    let location = format!("/events/{}", event.id);
    let headers = [(header::LOCATION, location)];
    Ok((StatusCode::CREATED, headers, Json(event)))
}
// ANCHOR_END: create

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;

    fn client() -> (TestClient, Events) {
        let events = Events::default();
        (TestClient::new(app(events.clone())), events)
    }

    #[tokio::test]
    async fn a_good_event_is_created_with_its_location() {
        let (client, events) = client();
        let body = json!({"title": "Rust", "city": "Lyon", "seats": 10});
        let res = client.post("/events").json(&body).await;
        res.assert_status(StatusCode::CREATED);
        assert_eq!(res.header("location"), Some("/events/1"));
        assert_eq!(events.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn every_bad_body_is_json_and_stores_nothing() {
        let (client, events) = client();
        let too_big = json!({"title": "x".repeat(5000), "city": "", "seats": 1});
        let cases = [
            (
                client
                    .post("/events")
                    .header("content-type", "application/json")
                    .body("{"),
                StatusCode::BAD_REQUEST,
                "malformed_json",
            ),
            (
                client.post("/events").json(&json!({"title": "Rust"})),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
            ),
            (
                client
                    .post("/events")
                    .json(&json!({"title": " ", "city": "", "seats": 1})),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                client.post("/events").json(&too_big),
                StatusCode::PAYLOAD_TOO_LARGE,
                "unreadable_body",
            ),
            (
                client.post("/events").body("title=Rust"),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
            ),
        ];
        for (request, status, code) in cases {
            let res = request.await;
            res.assert_status(status).assert_json();
            assert_eq!(res.json()["error"], code, "{res:?}");
        }
        assert!(events.lock().unwrap().is_empty());
    }
}
