//! `GET /dashboard`: headlines, weather and stock quotes from three services, fetched at the
//! same time, so the dashboard takes as long as the slowest service, not the sum of all three.

mod error;
mod models;
pub mod upstream;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};

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
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, UpstreamError> {
    // TODO: call `upstream::news`, `upstream::weather` and `upstream::stocks` so that all
    // three requests are in flight at the same time, and answer the `Dashboard`. If one of
    // them fails, answer its error. Each service takes a while: awaiting them one after
    // another makes the dashboard as slow as all three added up.
    todo!("gather the dashboard from {:?}", state.config)
}
