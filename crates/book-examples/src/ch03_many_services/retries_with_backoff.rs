//! Page "Retries with backoff": the exchange rates fetched again when the failure may pass
//! (a 5xx, a timeout, a refused connection), never for a 4xx, waiting twice as long each
//! time, and giving up after a few attempts.

use std::time::Duration;

use serde_json::Value;

// ANCHOR: retry
#[derive(Debug, PartialEq)]
pub enum RatesError {
    /// The request is wrong: retrying cannot help.
    Refused(u16),
    GaveUp {
        attempts: u32,
        last: String,
    },
}

pub async fn rates_with_retries(
    client: &reqwest::Client,
    url: &str,
    attempts: u32,
    mut backoff: Duration,
) -> Result<Value, RatesError> {
    let mut last = String::new();
    for attempt in 1..=attempts {
        match client.get(url).send().await {
            Ok(res) if res.status().is_success() => {
                if let Ok(rates) = res.json().await {
                    return Ok(rates);
                }
                last = "a body that is not JSON".into();
            }
            Ok(res) if res.status().is_client_error() => {
                return Err(RatesError::Refused(
                    res.status().as_u16(),
                ));
            }
            Ok(res) => {
                last = format!("answered {}", res.status())
            }
            // A timeout or a refused connection may pass.
            Err(e) => last = e.to_string(),
        }
        if attempt < attempts {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(2));
        }
    }
    Err(RatesError::GaveUp { attempts, last })
}
// ANCHOR_END: retry

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::http::StatusCode;
    use axum::{Json, Router, routing::get};
    use serde_json::json;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    /// A rates service that answers `statuses` in turn (then the last one forever), and
    /// records when each call arrived.
    async fn scripted(
        statuses: &[u16],
    ) -> (String, Arc<Mutex<Vec<Instant>>>) {
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let (seen, statuses) =
            (arrivals.clone(), statuses.to_vec());
        let router =
            Router::new().route(
                "/v1/rates",
                get(move || {
                    let mut seen = seen.lock().unwrap();
                    seen.push(Instant::now());
                    let code = statuses[(seen.len() - 1)
                        .min(statuses.len() - 1)];
                    let status =
                        StatusCode::from_u16(code).unwrap();
                    async move {
                        (status, Json(json!({"usd": 1.08})))
                    }
                }),
            );
        (
            format!("{}/v1/rates", fake::serve(router).await),
            arrivals,
        )
    }

    const BACKOFF: Duration = Duration::from_millis(20);

    #[tokio::test]
    async fn two_503s_then_the_rates_with_growing_waits() {
        let (url, arrivals) = scripted(&[503, 503, 200]).await;
        let client = reqwest::Client::new();
        let rates =
            rates_with_retries(&client, &url, 4, BACKOFF)
                .await
                .unwrap();
        assert_eq!(rates, json!({"usd": 1.08}));
        let arrivals = arrivals.lock().unwrap();
        assert_eq!(arrivals.len(), 3);
        // sleep never wakes early: the gaps are at least the waits.
        assert!(arrivals[1] - arrivals[0] >= BACKOFF);
        assert!(arrivals[2] - arrivals[1] >= BACKOFF * 2);
    }

    #[tokio::test]
    async fn a_404_is_not_retried() {
        let (url, arrivals) = scripted(&[404]).await;
        let client = reqwest::Client::new();
        let err = rates_with_retries(&client, &url, 4, BACKOFF)
            .await
            .unwrap_err();
        assert_eq!(err, RatesError::Refused(404));
        assert_eq!(arrivals.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn it_gives_up_after_the_last_attempt() {
        let (url, arrivals) = scripted(&[503]).await;
        let client = reqwest::Client::new();
        let err = rates_with_retries(&client, &url, 3, BACKOFF)
            .await
            .unwrap_err();
        let last =
            "answered 503 Service Unavailable".to_owned();
        assert_eq!(
            err,
            RatesError::GaveUp { attempts: 3, last }
        );
        assert_eq!(arrivals.lock().unwrap().len(), 3);
    }
}
