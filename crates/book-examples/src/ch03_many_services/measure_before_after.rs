//! Page "Measure before and after": the trip page's exchange rate, behind a limit of calls
//! at a time for the whole process. One client never meets the limit; eight do, and only a
//! measurement under load shows it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde_json::Value;
use tokio::sync::Semaphore;

use super::upstream::fetch;

#[derive(Clone)]
struct Rates {
    http: reqwest::Client,
    url: String,
    slots: Arc<Semaphore>,
}

// ANCHOR: limited
/// `GET /rate`, at most `at_once` calls to the rates
/// service in flight, for every request together.
pub fn rate_app(url: String, at_once: usize) -> Router {
    let slots = Arc::new(Semaphore::new(at_once));
    let http = reqwest::Client::new();
    let state = Rates { http, url, slots };
    Router::new().route("/rate", get(rate)).with_state(state)
}

async fn rate(
    State(s): State<Rates>,
) -> Result<Json<Value>, StatusCode> {
    let _slot = s.slots.acquire().await;
    fetch(&s.http, "rates", &s.url)
        .await
        .map(Json)
        .map_err(|_| StatusCode::BAD_GATEWAY)
}
// ANCHOR_END: limited

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::{Json, Router, routing::get};
    use serde_json::json;
    use testkit::InFlight;
    use testkit::load::{Load, measure_app};

    use super::rate_app;
    use crate::ch03_many_services::fake;

    /// The rates service answers after this long.
    const HOLD: Duration = Duration::from_millis(20);

    /// The rates service, counting its requests in flight in
    /// `probe`.
    async fn rates_service(probe: &InFlight) -> String {
        let probe = probe.clone();
        let slow = get(move || async move {
            let _inside = probe.enter();
            tokio::time::sleep(HOLD).await;
            Json(json!({ "EUR": 1.0, "USD": 1.08 }))
        });
        let base =
            fake::serve(Router::new().route("/rates", slow))
                .await;
        format!("{base}/rates")
    }

    #[tokio::test]
    async fn one_at_a_time_shows_only_under_load() {
        let probe = InFlight::new();
        let url = rates_service(&probe).await;
        let app = || rate_app(url.clone(), 1);
        // ANCHOR: measure
        let one = Load::new(1, 10);
        let eight = Load::new(8, 24);
        let alone = measure_app(app(), "/rate", one).await;
        let crowd = measure_app(app(), "/rate", eight).await;
        println!("1 client:  {alone}");
        println!("8 clients: {crowd}");
        // ANCHOR_END: measure
        assert_eq!(
            (alone.ok, crowd.ok),
            (10, 24),
            "{alone}\n{crowd}"
        );
        // One call at a time, each at least HOLD: never more than 1/HOLD per second,
        // however many clients ask, and the eighth in line waits for the seven before it.
        let ceiling = 1.0 / HOLD.as_secs_f64();
        assert!(
            crowd.requests_per_second <= ceiling,
            "{crowd}"
        );
        assert!(crowd.p99 >= HOLD * 7, "{crowd}");
        assert_eq!(probe.peak(), 1);
    }

    #[tokio::test]
    async fn eight_at_a_time_serves_eight_clients_at_once() {
        let (was, now) = (InFlight::new(), InFlight::new());
        let eight = Load::new(8, 24);
        let one_url = rates_service(&was).await;
        let before =
            measure_app(rate_app(one_url, 1), "/rate", eight)
                .await;
        let eight_url = rates_service(&now).await;
        let after =
            measure_app(rate_app(eight_url, 8), "/rate", eight)
                .await;
        assert_eq!(
            (before.ok, after.ok),
            (24, 24),
            "{before}\n{after}"
        );
        // Counted: the limit is what lets requests in together.
        assert_eq!(was.peak(), 1);
        assert!(now.peak() > 1, "peak {}", now.peak());
        // Timed, the weak form that holds on a busy machine: more
        // per second (far more on a quiet one).
        assert!(
            after.requests_per_second
                > before.requests_per_second,
            "before: {before}\nafter:  {after}"
        );
    }
}
