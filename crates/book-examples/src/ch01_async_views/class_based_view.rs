//! Page "A class-based view with a safe counter": `GET` and `POST /events/{id}`, one
//! resource with two methods, and a seat count that concurrent RSVPs share.
//!
//! The rule the page teaches: the whole read-modify-write happens under the lock, and the
//! lock is released before the `.await` on the (simulated) mailer.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};

/// A stand-in for a remote mail service: every call takes `latency`, and the mailer counts
/// how many calls overlapped, so a test sees whether RSVPs queued behind a lock.
#[derive(Clone)]
pub struct Mailer {
    latency: Duration,
    in_flight: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl Mailer {
    pub fn new(latency: Duration) -> Self {
        let (in_flight, peak) =
            (Arc::default(), Arc::default());
        Self {
            latency,
            in_flight,
            peak,
        }
    }

    pub async fn confirm(&self, _event: u32) {
        let now =
            self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(self.latency).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    /// The most confirmations that were in progress at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

// ANCHOR: state
#[derive(Clone)]
pub struct AppState {
    /// Seats left, by event id.
    pub seats: Arc<Mutex<HashMap<u32, u32>>>,
    pub mailer: Mailer,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route(
            "/events/{id}",
            get(event_view::get).post(event_view::post),
        )
        .with_state(state)
}
// ANCHOR_END: state

type Answer = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn refuse(
    status: StatusCode,
    error: &str,
) -> (StatusCode, Json<Value>) {
    (status, Json(json!({ "error": error })))
}

// ANCHOR: view
/// The methods of one resource, like a View's.
pub mod event_view {
    use super::*;

    pub async fn get(
        State(state): State<AppState>,
        Path(id): Path<u32>,
    ) -> Answer {
        let seats = state.seats.lock().unwrap();
        match seats.get(&id) {
            Some(left) => {
                Ok(Json(json!({"id": id, "seats_left": left})))
            }
            None => {
                Err(refuse(StatusCode::NOT_FOUND, "missing"))
            }
        }
    }

    /// Takes one seat, then confirms by mail.
    pub async fn post(
        State(state): State<AppState>,
        Path(id): Path<u32>,
    ) -> Answer {
        // Check and take under one lock, in a block:
        // the guard is dropped before the .await.
        let left = {
            let mut seats = state.seats.lock().unwrap();
            let Some(left) = seats.get_mut(&id) else {
                return Err(refuse(
                    StatusCode::NOT_FOUND,
                    "missing",
                ));
            };
            if *left == 0 {
                return Err(refuse(
                    StatusCode::CONFLICT,
                    "full",
                ));
            }
            *left -= 1;
            *left
        };
        state.mailer.confirm(id).await;
        Ok(Json(json!({"id": id, "seats_left": left})))
    }
}
// ANCHOR_END: view

/// The wrong version: read, await, write.
pub mod wrong {
    use super::*;

    // ANCHOR: wrong
    pub async fn post(
        State(state): State<AppState>,
        Path(id): Path<u32>,
    ) -> Answer {
        let left = state.seats.lock().unwrap()[&id];
        if left == 0 {
            return Err(refuse(StatusCode::CONFLICT, "full"));
        }
        // Every other RSVP reads the same `left` here.
        state.mailer.confirm(id).await;
        state.seats.lock().unwrap().insert(id, left - 1);
        Ok(Json(json!({"id": id, "seats_left": left - 1})))
    }
    // ANCHOR_END: wrong

    pub fn app(state: AppState) -> Router {
        Router::new()
            .route("/events/{id}", axum::routing::post(post))
            .with_state(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::join_all;
    use testkit::TestClient;

    fn state(seats: u32) -> AppState {
        AppState {
            seats: Arc::new(Mutex::new(HashMap::from([(
                3, seats,
            )]))),
            mailer: Mailer::new(Duration::from_millis(20)),
        }
    }

    async fn rsvps(
        router: Router,
        n: usize,
    ) -> Vec<StatusCode> {
        let client = TestClient::new(router);
        let posts = (0..n)
            .map(|_| client.post("/events/3").into_future());
        join_all(posts).await.iter().map(|r| r.status).collect()
    }

    fn accepted(statuses: &[StatusCode]) -> usize {
        statuses
            .iter()
            .filter(|s| **s == StatusCode::OK)
            .count()
    }

    #[tokio::test]
    async fn two_seats_and_twenty_rsvps_accept_exactly_two() {
        let state = state(2);
        let statuses = rsvps(app(state.clone()), 20).await;
        assert_eq!(accepted(&statuses), 2, "{statuses:?}");
        assert_eq!(state.seats.lock().unwrap()[&3], 0);
    }

    #[tokio::test]
    async fn the_lock_is_not_held_across_the_mail() {
        // The 50 confirmations overlap: no RSVP waited for another's mail.
        let state = state(100);
        let statuses = rsvps(app(state.clone()), 50).await;
        assert_eq!(accepted(&statuses), 50);
        assert_eq!(state.mailer.peak(), 50);
    }

    #[tokio::test]
    async fn the_wrong_version_overbooks() {
        let state = state(2);
        let statuses =
            rsvps(wrong::app(state.clone()), 20).await;
        assert_eq!(
            accepted(&statuses),
            20,
            "every RSVP read 2 seats left"
        );
        assert_eq!(state.seats.lock().unwrap()[&3], 1);
    }

    #[tokio::test]
    async fn get_shows_the_seats_left_and_a_404_for_the_unknown()
     {
        let client = TestClient::new(app(state(2)));
        let res = client.get("/events/3").await;
        assert_eq!(
            res.json(),
            json!({"id": 3, "seats_left": 2})
        );
        client
            .get("/events/9")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        let put = client.put("/events/3").await;
        put.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    }
}
