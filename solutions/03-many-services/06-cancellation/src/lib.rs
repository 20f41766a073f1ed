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

// ANCHOR: handler
/// `GET /dashboard`. `select!` polls both branches and finishes with the first one ready;
/// the other is dropped on the spot. When the deadline wins, dropping `gather` drops the
/// three requests inside it, and reqwest closes their connections.
///
/// The same holds one level up: if the client disconnects, hyper drops this handler's
/// future, and with it everything it was awaiting.
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, ApiError> {
    let deadline = state.config.deadline;
    tokio::select! {
        gathered = upstream::gather(&state) => Ok(Json(gathered?)),
        () = tokio::time::sleep(deadline) => Err(ApiError::DeadlineExceeded(deadline)),
    }
}
// ANCHOR_END: handler
