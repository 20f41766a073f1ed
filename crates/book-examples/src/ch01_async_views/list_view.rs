//! Page "List view with query filters": `GET /events?city=Lyon&online=true`, from shared
//! state, with a bad query answered as JSON by the handler itself.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::Deserialize;
use serde_json::{Value, json};

use super::events::{Event, sample_events};

// ANCHOR: state
#[derive(Clone)]
pub struct AppState {
    // Cloned for every request: an Arc
    // copies a pointer, not the events.
    pub events: Arc<Vec<Event>>,
}

pub fn app() -> Router {
    let events = Arc::new(sample_events());
    Router::new()
        .route("/events", get(list_events))
        .with_state(AppState { events })
}
// ANCHOR_END: state

// ANCHOR: filter
/// `?city=Lyon&online=true`; each one optional.
#[derive(Deserialize)]
pub struct EventFilter {
    city: Option<String>,
    online: Option<bool>,
}
// ANCHOR_END: filter

// ANCHOR: handler
async fn list_events(
    State(state): State<AppState>,
    filter: Result<Query<EventFilter>, QueryRejection>,
) -> Result<Json<Vec<Event>>, (StatusCode, Json<Value>)> {
    // The rejection is ours to answer, as JSON.
    let Query(filter) = filter.map_err(|e| {
        let body = json!({
            "error": "invalid_query",
            "message": e.body_text(),
        });
        (StatusCode::BAD_REQUEST, Json(body))
    })?;
    let events = state.events.iter().filter(|e| {
        filter.city.as_ref().is_none_or(|c| *c == e.city)
            && filter.online.is_none_or(|o| o == e.online)
    });
    Ok(Json(events.cloned().collect()))
}
// ANCHOR_END: handler

// ANCHOR: wrong
/// The wrong version: a plain `Query` argument. axum
/// answers `?online=maybe` itself, in plain text.
pub mod wrong {
    use axum::extract::Query;
    use axum::{Json, Router, routing::get};

    use super::EventFilter;

    pub fn app() -> Router {
        Router::new().route("/events", get(list_events))
    }

    async fn list_events(
        Query(_filter): Query<EventFilter>,
    ) -> Json<Vec<String>> {
        Json(vec![])
    }
}
// ANCHOR_END: wrong

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use testkit::TestClient;

    fn ids(res: &testkit::TestResponse) -> Vec<u64> {
        let list = res.json();
        let list = list.as_array().expect("a JSON list");
        list.iter().map(|e| e["id"].as_u64().unwrap()).collect()
    }

    #[tokio::test]
    async fn every_filter_given_must_match() {
        let client = TestClient::new(super::app());
        assert_eq!(
            ids(&client.get("/events").await),
            [1, 2, 3]
        );
        assert_eq!(
            ids(&client.get("/events?city=Lyon").await),
            [1, 2]
        );
        let both =
            client.get("/events?city=Lyon&online=true").await;
        assert_eq!(ids(&both), [2]);
    }

    #[tokio::test]
    async fn a_bad_query_is_a_json_400() {
        let client = TestClient::new(super::app());
        let res = client.get("/events?online=maybe").await;
        res.assert_status(StatusCode::BAD_REQUEST)
            .assert_json();
        assert_eq!(res.json()["error"], "invalid_query");
        let message =
            res.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains("online"), "{message}");
    }

    #[tokio::test]
    async fn the_wrong_version_answers_plain_text() {
        let client = TestClient::new(super::wrong::app());
        let res = client.get("/events?online=maybe").await;
        res.assert_status(StatusCode::BAD_REQUEST);
        let text_plain = "text/plain; charset=utf-8";
        assert_eq!(res.content_type(), Some(text_plain));
    }
}
