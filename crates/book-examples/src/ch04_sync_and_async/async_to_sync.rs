//! async_to_sync, on a weekly digest: a synchronous digest builder (also run by cron jobs)
//! needs view counts from an async client. `GET /digest` runs the builder on the blocking
//! pool, and its calls go back to the runtime through a `Handle` taken inside it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Router, routing::get};
use tokio::runtime::Handle;

/// The analytics service's async client (over the network in production).
#[derive(Clone, Debug, Default)]
pub struct ViewCounter {
    views: Arc<HashMap<String, u64>>,
}

impl ViewCounter {
    pub fn new(views: &[(&str, u64)]) -> Self {
        let views = views
            .iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect();
        Self {
            views: Arc::new(views),
        }
    }

    pub async fn views(&self, slug: &str) -> u64 {
        tokio::time::sleep(std::time::Duration::from_millis(1))
            .await;
        self.views.get(slug).copied().unwrap_or(0)
    }
}

#[rustfmt::skip]
// ANCHOR: build_digest
/// Legacy and synchronous: also run by cron jobs.
pub fn build_digest(
    views_of: impl Fn(&str) -> u64,
    slugs: &[&str],
) -> String {
    let line =
        |s: &&str| format!("{s}: {} views\n", views_of(s));
    slugs.iter().map(line).collect()
}
// ANCHOR_END: build_digest

#[rustfmt::skip]
// ANCHOR: blocking_views
/// For sync code: runs the client's future on the
/// runtime behind `handle`, and waits for it.
pub fn blocking_views(
    handle: &Handle,
    counter: &ViewCounter,
    slug: &str,
) -> u64 {
    handle.block_on(counter.views(slug))
}
// ANCHOR_END: blocking_views

pub const SLUGS: [&str; 3] =
    ["async-views", "tokio-tasks", "async-orm"];

#[rustfmt::skip]
// ANCHOR: digest_wrong
// WRONG: the builder runs on a worker thread, where
// `block_on` panics ("Cannot start a runtime ...").
async fn digest_on_worker(
    State(counter): State<ViewCounter>,
) -> String {
    let handle = Handle::current();
    let views = |s: &str| blocking_views(&handle, &counter, s);
    build_digest(views, &SLUGS)
}
// ANCHOR_END: digest_wrong

#[rustfmt::skip]
// ANCHOR: digest
async fn digest(
    State(counter): State<ViewCounter>,
) -> Result<String, StatusCode> {
    // Taken here, inside the runtime; `Handle` is Send.
    let handle = Handle::current();
    let build = move || {
        let views =
            |s: &str| blocking_views(&handle, &counter, s);
        build_digest(views, &SLUGS)
    };
    tokio::task::spawn_blocking(build)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}
// ANCHOR_END: digest

pub fn app(counter: ViewCounter) -> Router {
    Router::new()
        .route("/digest", get(digest))
        .route("/wrong/digest", get(digest_on_worker))
        .with_state(counter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;
    use testkit::blocking::panic_message;

    fn counter() -> ViewCounter {
        ViewCounter::new(&[
            ("async-views", 120),
            ("tokio-tasks", 75),
            ("async-orm", 42),
        ])
    }

    // Worker threads: a `block_on` from a blocking thread needs them to drive the future.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_builder_on_the_blocking_pool_reaches_the_async_client()
     {
        let response = TestClient::new(app(counter()))
            .get("/digest")
            .await;
        assert_eq!(
            response.text(),
            "async-views: 120 views\ntokio-tasks: 75 views\nasync-orm: 42 views\n"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn block_on_on_a_worker_thread_panics() {
        testkit::blocking::silence_panics_containing(
            "Cannot start a runtime",
        );
        let client = TestClient::new(app(counter()));
        let crashed = tokio::spawn(async move {
            client.get("/wrong/digest").await
        });
        let panic = crashed
            .await
            .expect_err("the wrong digest should panic");
        let message = panic_message(&*panic.into_panic());
        assert!(
            message.starts_with(
                "Cannot start a runtime from within a runtime."
            ),
            "{message}"
        );
    }

    #[test]
    fn plain_sync_code_blocks_on_a_runtime_it_owns() {
        // A cron job has no runtime: it builds one and keeps it for every call.
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let views = blocking_views(
            runtime.handle(),
            &counter(),
            "tokio-tasks",
        );
        assert_eq!(views, 75);
    }
}
