//! CPU-bound work off the runtime, on share links: `GET /articles/{slug}/share` derives a
//! token with a deliberately slow key stretch, on the blocking pool, at most two at once.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

/// Pure computation: rounds of mixing, no `.await`
/// anywhere, so it holds its thread while it runs.
pub fn derive_token(slug: &str, rounds: u32) -> String {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in slug.bytes() {
        state = (state ^ u64::from(byte))
            .wrapping_mul(0x0100_0000_01b3);
    }
    for round in 0..rounds {
        state = state
            .wrapping_add(u64::from(round))
            .rotate_left(17);
        state = state.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    format!("{state:016x}")
}

// ANCHOR: state
#[derive(Clone)]
pub struct Links {
    /// At most this many derivations at once: more
    /// threads than cores only slows each one.
    pub deriving: Arc<Semaphore>,
    pub rounds: u32,
    /// Called inside each derivation (tests count).
    pub probe: Arc<dyn Fn() + Send + Sync>,
}
// ANCHOR_END: state

// ANCHOR: share_link
async fn share_link(
    State(links): State<Links>,
    Path(slug): Path<String>,
) -> Result<Json<Value>, StatusCode> {
    let fail = |_| StatusCode::INTERNAL_SERVER_ERROR;
    // Waiting for a permit is async: holds no thread.
    let permit = Arc::clone(&links.deriving)
        .acquire_owned()
        .await
        .map_err(fail)?;
    let derive = {
        let slug = slug.clone();
        move || {
            let _permit = permit; // held until we return
            (links.probe)();
            derive_token(&slug, links.rounds)
        }
    };
    let token = tokio::task::spawn_blocking(derive)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(json!({"slug": slug, "token": token})))
}
// ANCHOR_END: share_link

pub fn app(links: Links) -> Router {
    Router::new()
        .route("/articles/{slug}/share", get(share_link))
        .with_state(links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use std::time::Duration;
    use testkit::InFlight;
    use testkit::futures::future::join_all;

    #[tokio::test]
    async fn six_links_at_once_derive_at_most_two_tokens_at_a_time()
     {
        let in_flight = InFlight::new();
        let probe = {
            let in_flight = in_flight.clone();
            move || {
                let _inside = in_flight.enter();
                std::thread::sleep(Duration::from_millis(50));
            }
        };
        let links = Links {
            deriving: Arc::new(Semaphore::new(2)),
            rounds: 10_000,
            probe: Arc::new(probe),
        };
        let client = testkit::TestClient::new(app(links));
        let paths: Vec<String> = (0..6)
            .map(|i| format!("/articles/a{i}/share"))
            .collect();
        let (responses, pulse) =
            testkit::blocking::watch(join_all(
                paths
                    .iter()
                    .map(|p| client.get(p).into_future()),
            ))
            .await;
        assert_eq!(
            responses[0].json()["token"],
            derive_token("a0", 10_000)
        );
        assert_eq!(in_flight.total(), 6);
        assert!(
            in_flight.peak() <= 2,
            "{} derivations ran at once",
            in_flight.peak()
        );
        pulse.assert_not_blocked("six share links");
    }
}
