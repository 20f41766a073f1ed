//! Page "One shared HTTP client": `GET /rates` answers today's exchange rates from another
//! service, through one `reqwest::Client` built at start-up, with a timeout.

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};

use super::upstream::{UpstreamError, fetch};

#[derive(Deserialize, Serialize)]
pub struct Rates {
    pub base: String,
    pub usd: f64,
    pub gbp: f64,
}

// ANCHOR: state
#[derive(Clone)]
pub struct AppState {
    // A clone is a handle on the same pool.
    client: reqwest::Client,
    rates_url: String,
}

impl AppState {
    /// Built once, at start-up.
    pub fn new(
        rates_url: String,
        timeout: Duration,
    ) -> reqwest::Result<Self> {
        // No timeout unless you give it one.
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()?;
        Ok(Self { client, rates_url })
    }
}

pub fn app(state: AppState) -> Router {
    Router::new().route("/rates", get(rates)).with_state(state)
}

async fn rates(
    State(state): State<AppState>,
) -> Result<Json<Rates>, UpstreamError> {
    let url = format!("{}/v1/rates", state.rates_url);
    let rates = fetch(&state.client, "rates", &url).await?;
    Ok(Json(rates))
}
// ANCHOR_END: state

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::http::StatusCode;
    use serde_json::json;
    use testkit::TestClient;

    async fn client_for(
        upstream: Router,
        timeout: Duration,
    ) -> TestClient {
        let url = fake::serve(upstream).await;
        TestClient::new(app(
            AppState::new(url, timeout).unwrap()
        ))
    }

    fn rates_answering(
        status: StatusCode,
        hold: Duration,
    ) -> Router {
        let body = json!({"base": "EUR", "usd": 1.08, "gbp": 0.86, "date": "2026-12-01"});
        Router::new().route(
            "/v1/rates",
            get(move || async move {
                tokio::time::sleep(hold).await;
                (status, Json(body))
            }),
        )
    }

    #[tokio::test]
    async fn the_rates_pass_through() {
        let upstream =
            rates_answering(StatusCode::OK, Duration::ZERO);
        let client =
            client_for(upstream, Duration::from_secs(2)).await;
        let res = client.get("/rates").await;
        res.assert_status(StatusCode::OK);
        assert_eq!(
            res.json(),
            json!({"base": "EUR", "usd": 1.08, "gbp": 0.86})
        );
    }

    #[tokio::test]
    async fn a_503_is_a_502_that_says_so() {
        let upstream = rates_answering(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::ZERO,
        );
        let client =
            client_for(upstream, Duration::from_secs(2)).await;
        let res = client.get("/rates").await;
        res.assert_status(StatusCode::BAD_GATEWAY)
            .assert_json();
        let message =
            res.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains("503"), "{message}");
    }

    #[tokio::test]
    async fn a_slow_service_is_a_504() {
        let upstream = rates_answering(
            StatusCode::OK,
            Duration::from_secs(5),
        );
        let client =
            client_for(upstream, Duration::from_millis(200))
                .await;
        let res = client.get("/rates").await;
        res.assert_status(StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(res.json()["error"], "gateway_timeout");
    }
}
