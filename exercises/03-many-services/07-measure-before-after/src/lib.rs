//! `GET /dashboard`, measured before and after a change.
//!
//! [`before::app`] is the dashboard as it was: correct, and slow in two ways that one request
//! alone does not show. [`app`] is yours. It starts as the same code, so the load tool gives
//! the same numbers for both; the page asks for a change, and the tests measure both apps
//! under the same load and check that the numbers moved the way the page says.

pub mod before;
mod dashboard;
mod error;
mod models;
pub mod upstream;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use tokio::sync::Mutex;

pub use error::{ErrorBody, UpstreamError};
pub use models::{Dashboard, Headline, Quote, Weather};

/// Where the three services live, and how long one call to any of them may take.
#[derive(Clone, Debug)]
pub struct Config {
    pub news_url: String,
    pub weather_url: String,
    pub stocks_url: String,
    pub timeout: Duration,
}

/// What `GET /stats` answers: how many dashboards this server has built.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Stats {
    pub dashboards: u64,
}

/// Built once at startup and cloned into every request; clones share one connection pool
/// and one [`Stats`].
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
    stats: Arc<Mutex<Stats>>,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        // The services are on loopback: never through a proxy set in `HTTP_PROXY`.
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(config.timeout)
            .build()?;
        Ok(Self {
            http,
            config,
            stats: Arc::default(),
        })
    }
}

/// Your app: `GET /dashboard` (in dashboard.rs) and `GET /stats`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/dashboard", get(dashboard::dashboard))
        .route("/stats", get(stats))
        .with_state(state)
}

/// `GET /stats`: `{"dashboards": 12}`.
async fn stats(State(state): State<AppState>) -> Json<Stats> {
    Json(*state.stats.lock().await)
}
