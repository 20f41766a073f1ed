//! `GET /weather`: the current weather from a service that sometimes answers `503`. Failures
//! that may pass (5xx, timeouts, refused connections) are retried with a growing wait in
//! between, up to a limit; failures that will not pass (4xx, a body that does not parse) are
//! not retried at all.

mod error;
mod models;
pub mod upstream;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use serde::de::DeserializeOwned;

pub use error::{ErrorBody, UpstreamError};
pub use models::{CurrentWeather, Weather};

/// How hard to try. Production values are seconds; tests use milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// How many attempts in all, the first one included.
    pub attempts: u32,
    /// The wait before the second attempt. Each later wait is twice the one before.
    pub first_backoff: Duration,
    /// No wait is longer than this.
    pub max_backoff: Duration,
    /// How long one attempt may take.
    pub attempt_timeout: Duration,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub weather_url: String,
    pub retry: RetryPolicy,
}

/// Built once at startup and cloned into every request; clones share one connection pool.
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
}

impl AppState {
    /// The client gets no timeout of its own: each attempt sets one (see `upstream`).
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        // The services are on loopback: never through a proxy set in `HTTP_PROXY`.
        let http = reqwest::Client::builder().no_proxy().build()?;
        Ok(Self { http, config })
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/weather", get(current_weather))
        .with_state(state)
}

/// `GET /weather`.
async fn current_weather(State(state): State<AppState>) -> Result<Json<Weather>, UpstreamError> {
    let url = format!("{}/v1/current", state.config.weather_url);
    let current: CurrentWeather = fetch_with_retries(&state, "weather", &url).await?;
    Ok(Json(Weather::from(current)))
}

/// Calls `upstream` until it answers, a failure is not worth retrying, or the policy's
/// attempts are used up.
pub async fn fetch_with_retries<T: DeserializeOwned>(
    state: &AppState,
    upstream: &'static str,
    url: &str,
) -> Result<T, UpstreamError> {
    // TODO: call `upstream::fetch_once(state, upstream, url)` until it succeeds. Retry only
    // errors that `is_retryable`, make at most `state.config.retry.attempts` attempts in all
    // (then fail with `UpstreamError::GaveUp`), and wait between attempts: `first_backoff`
    // before the second, twice as long before each next one, never more than `max_backoff`.
    todo!("call {upstream} at {url} with {:?}", state.config.retry)
}

/// Whether the same request might succeed if sent again.
pub fn is_retryable(error: &UpstreamError) -> bool {
    // TODO: say which failures may pass (a 5xx, a timeout, a refused connection) and which
    // will not (a 4xx, a body that does not parse).
    todo!("decide whether to retry after: {}", error.message())
}
