//! One thread, three ways to call a slow upstream: a blocking call on the runtime's thread, the
//! same call on the blocking pool, and an async call.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Router, routing::get};

/// A slow upstream with both APIs.
#[derive(Clone)]
pub struct Upstream {
    /// The blocking client's wait (tests swap in a barrier).
    wait: Arc<dyn Fn() + Send + Sync>,
    latency: Duration,
}

impl Upstream {
    pub fn new(latency: Duration) -> Self {
        Self::with_wait(latency, move || {
            std::thread::sleep(latency)
        })
    }

    pub fn with_wait(
        latency: Duration,
        wait: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self {
            wait: Arc::new(wait),
            latency,
        }
    }

    /// The legacy, blocking client.
    pub fn fetch_blocking(&self) -> String {
        (self.wait)();
        "a preview".into()
    }

    /// The async client.
    pub async fn fetch(&self) -> String {
        tokio::time::sleep(self.latency).await;
        "a preview".into()
    }
}

#[rustfmt::skip]
// ANCHOR: blocking
// WRONG on one thread: holds the only thread, so
// the server answers one request at a time.
async fn preview_blocking(
    State(up): State<Upstream>,
) -> String {
    up.fetch_blocking()
}
// ANCHOR_END: blocking

#[rustfmt::skip]
// ANCHOR: awaited
async fn preview_async(
    State(up): State<Upstream>,
) -> String {
    up.fetch().await
}
// ANCHOR_END: awaited

#[rustfmt::skip]
// ANCHOR: offloaded
async fn preview_offloaded(
    State(up): State<Upstream>,
) -> Result<String, StatusCode> {
    let fetch = move || up.fetch_blocking();
    tokio::task::spawn_blocking(fetch)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}
// ANCHOR_END: offloaded

pub fn app(upstream: Upstream) -> Router {
    Router::new()
        .route("/preview/blocking", get(preview_blocking))
        .route("/preview/async", get(preview_async))
        .route("/preview/offloaded", get(preview_offloaded))
        .with_state(upstream)
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestServer;
    use testkit::blocking::{Rendezvous, watch};

    /// Two requests at once over real connections, served on this test's one thread; each
    /// blocking call waits (at most `patience`) for the other.
    async fn two_at_once(
        path: &str,
        patience: Duration,
    ) -> Rendezvous {
        let meeting = Rendezvous::new(2, patience);
        let waits = meeting.clone();
        let upstream =
            Upstream::with_wait(Duration::ZERO, move || {
                waits.wait();
            });
        let server = TestServer::start(app(upstream)).await;
        let http = reqwest::Client::new();
        let url = server.url(path);
        let (a, b) = tokio::join!(
            http.get(&url).send(),
            http.get(&url).send()
        );
        assert_eq!(
            a.unwrap().text().await.unwrap(),
            "a preview"
        );
        assert_eq!(
            b.unwrap().text().await.unwrap(),
            "a preview"
        );
        meeting
    }

    // #[tokio::test] is a current-thread runtime: one thread, like one event loop.
    #[tokio::test]
    async fn a_blocking_call_on_one_thread_serves_one_request_at_a_time()
     {
        let meeting = two_at_once(
            "/preview/blocking",
            Duration::from_millis(500),
        )
        .await;
        assert!(!meeting.opened());
        assert_eq!(meeting.most_waiting(), 1);
    }

    #[tokio::test]
    async fn spawn_blocking_lets_two_overlap_even_on_one_thread()
     {
        let meeting = two_at_once(
            "/preview/offloaded",
            Duration::from_secs(5),
        )
        .await;
        assert!(
            meeting.opened(),
            "the two offloaded calls never overlapped"
        );
    }

    #[tokio::test]
    async fn an_async_call_never_holds_the_thread() {
        let upstream =
            Upstream::new(Duration::from_millis(300));
        let server = TestServer::start(app(upstream)).await;
        let url = server.url("/preview/async");
        let (answer, pulse) = watch(reqwest::get(&url)).await;
        assert_eq!(
            answer.unwrap().text().await.unwrap(),
            "a preview"
        );
        pulse.assert_not_blocked("GET /preview/async");
    }
}
