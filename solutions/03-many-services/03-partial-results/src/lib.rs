//! `GET /dashboard` with partial results: every section gets a time budget, and a service
//! that fails or is too slow costs only its own section. The answer is always `200 OK`, with
//! `null` for a missing section and the reason in `errors`.

mod error;
mod models;
pub mod upstream;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};

pub use error::UpstreamError;
pub use models::{Dashboard, Headline, Quote, SectionError, Weather};

/// The client's own timeout: the last line of defence for a call nobody bounded. The
/// dashboard's budget per section is much shorter.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the three services live, and how long the dashboard waits for each section.
#[derive(Clone, Debug)]
pub struct Config {
    pub news_url: String,
    pub weather_url: String,
    pub stocks_url: String,
    pub section_timeout: Duration,
}

/// Built once at startup and cloned into every request; clones share one connection pool.
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        // The services are on loopback: never through a proxy set in `HTTP_PROXY`.
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(CLIENT_TIMEOUT)
            .build()?;
        Ok(Self { http, config })
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .with_state(state)
}

// ANCHOR: handler
/// `GET /dashboard`. `join!`, not `try_join!`: a failed section is a value to report, not a
/// reason to stop the others.
async fn dashboard(State(state): State<AppState>) -> Json<Dashboard> {
    let budget = state.config.section_timeout;
    let (headlines, weather, stocks) = tokio::join!(
        within(budget, "news", upstream::news(&state)),
        within(budget, "weather", upstream::weather(&state)),
        within(budget, "stocks", upstream::stocks(&state)),
    );
    Json(Dashboard::from_results(headlines, weather, stocks))
}
// ANCHOR_END: handler

// ANCHOR: within
/// Runs `call` for at most `budget`. When the budget runs out, `timeout` drops the call's
/// future, which cancels the request in flight, and the section fails with a `Timeout`.
pub async fn within<T>(
    budget: Duration,
    upstream: &'static str,
    call: impl Future<Output = Result<T, UpstreamError>>,
) -> Result<T, UpstreamError> {
    match tokio::time::timeout(budget, call).await {
        Ok(result) => result,
        Err(_elapsed) => Err(UpstreamError::Timeout {
            upstream,
            after: budget,
        }),
    }
}
// ANCHOR_END: within
