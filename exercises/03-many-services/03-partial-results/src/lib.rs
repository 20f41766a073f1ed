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

/// `GET /dashboard`. Always `200 OK`: a failed section is `null`, with its reason in `errors`.
async fn dashboard(State(state): State<AppState>) -> Json<Dashboard> {
    // TODO: call `upstream::news`, `upstream::weather` and `upstream::stocks` at the same
    // time, each through `within(state.config.section_timeout, "news", ...)`, and answer
    // `Dashboard::from_results(...)` of the three results. A failed section must not stop
    // the others.
    todo!("gather the sections for {:?}", state.config)
}

/// Runs `call` for at most `budget`.
pub async fn within<T>(
    budget: Duration,
    upstream: &'static str,
    call: impl Future<Output = Result<T, UpstreamError>>,
) -> Result<T, UpstreamError> {
    // TODO: await `call`, but for no longer than `budget` (`tokio::time::timeout`). When the
    // time is up, fail with `UpstreamError::Timeout { upstream, after: budget }`.
    let _unbounded = call;
    todo!("give the {upstream} call at most {budget:?}")
}
