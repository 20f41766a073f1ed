//! `GET /dashboard` with a deadline. When the deadline passes, or the client hangs up, the
//! upstream calls still in flight are dropped: nothing keeps working for an answer nobody
//! will read.

mod error;
mod models;
pub mod upstream;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};

pub use error::{ApiError, ErrorBody, UpstreamError};
pub use models::{Dashboard, Headline, Quote, Weather};

#[derive(Clone, Debug)]
pub struct Config {
    pub news_url: String,
    pub weather_url: String,
    pub stocks_url: String,
    /// The longest one upstream call may take.
    pub timeout: Duration,
    /// The longest the whole dashboard may take.
    pub deadline: Duration,
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
            .timeout(config.timeout)
            .build()?;
        Ok(Self { http, config })
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .with_state(state)
}

/// `GET /dashboard`.
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, ApiError> {
    // TODO: answer `upstream::gather(&state)`, unless `state.config.deadline` passes first:
    // then answer `ApiError::DeadlineExceeded(deadline)`, and make sure the upstream calls
    // still in flight stop there and then. They must stop too if the client hangs up.
    todo!("gather the dashboard within {:?}", state.config.deadline)
}
