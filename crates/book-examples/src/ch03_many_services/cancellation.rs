//! Page "Deadlines and cancellation": the trip page with a deadline for the whole page; when
//! it passes, the calls still in flight are dropped, and a dropped call is a cancelled one.

use std::time::Duration;

use super::dashboard_gather::{Services, Trip, trip};
use super::upstream::UpstreamError;

// ANCHOR: deadline
#[derive(Debug)]
pub enum PageError {
    DeadlineExceeded,
    Upstream(UpstreamError),
}

pub async fn trip_by(
    client: &reqwest::Client,
    at: &Services,
    deadline: Duration,
) -> Result<Trip, PageError> {
    tokio::select! {
        page = trip(client, at) => {
            page.map_err(PageError::Upstream)
        }
        // This branch wins: the other future is
        // dropped here, its three calls with it.
        _ = tokio::time::sleep(deadline) => {
            Err(PageError::DeadlineExceeded)
        }
    }
}
// ANCHOR_END: deadline

/// The wrong version: spawned calls belong to the runtime, not to the page.
pub mod wrong {
    use super::*;
    use crate::ch03_many_services::upstream::fetch;
    use serde_json::Value;

    // ANCHOR: wrong
    pub async fn trip_by(
        client: &reqwest::Client,
        at: &Services,
        deadline: Duration,
    ) -> Result<Value, PageError> {
        let (c, url) = (client.clone(), at.flights.clone());
        // WRONG: runs on after the deadline, for nobody.
        let flights = tokio::spawn(async move {
            fetch::<Value>(&c, "flights", &url).await
        });
        tokio::select! {
            done = flights => Ok(done.unwrap().unwrap()),
            _ = tokio::time::sleep(deadline) => {
                Err(PageError::DeadlineExceeded)
            }
        }
    }
    // ANCHOR_END: wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::{Json, routing::get};
    use serde_json::json;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use testkit::upstream::wait_until;

    /// Counts the requests answered in full and those dropped half-way by their client.
    #[derive(Clone, Default)]
    struct Outcomes {
        answered: Arc<AtomicUsize>,
        dropped: Arc<AtomicUsize>,
    }

    struct Pending(Outcomes, bool);

    impl Drop for Pending {
        fn drop(&mut self) {
            let counter = if self.1 {
                &self.0.answered
            } else {
                &self.0.dropped
            };
            counter.fetch_add(1, Ordering::SeqCst);
        }
    }

    async fn slow_services(outcomes: &Outcomes) -> Services {
        let outcomes = outcomes.clone();
        let slow = get(move || {
            let outcomes = outcomes.clone();
            async move {
                let mut pending = Pending(outcomes, false);
                tokio::time::sleep(Duration::from_secs(1))
                    .await;
                pending.1 = true;
                Json(json!([]))
            }
        });
        fake::services(slow.clone(), slow.clone(), slow).await
    }

    #[tokio::test]
    async fn past_the_deadline_the_three_calls_are_dropped() {
        let outcomes = Outcomes::default();
        let at = slow_services(&outcomes).await;
        let client = reqwest::Client::new();
        let page =
            trip_by(&client, &at, Duration::from_millis(100))
                .await;
        assert!(
            matches!(page, Err(PageError::DeadlineExceeded)),
            "{page:?}"
        );
        let dropped =
            || outcomes.dropped.load(Ordering::SeqCst) == 3;
        assert!(
            wait_until(Duration::from_secs(5), dropped).await
        );
        assert_eq!(outcomes.answered.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_spawned_call_is_answered_in_full_for_nobody() {
        let outcomes = Outcomes::default();
        let at = slow_services(&outcomes).await;
        let client = reqwest::Client::new();
        let page = wrong::trip_by(
            &client,
            &at,
            Duration::from_millis(100),
        )
        .await;
        assert!(
            matches!(page, Err(PageError::DeadlineExceeded)),
            "{page:?}"
        );
        let answered =
            || outcomes.answered.load(Ordering::SeqCst) == 1;
        assert!(
            wait_until(Duration::from_secs(5), answered).await
        );
    }
}
