//! `GET /news`: the latest headlines, fetched from the news service through one
//! `reqwest::Client` that the whole application shares.

mod error;
mod news;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};

pub use error::{ErrorBody, UpstreamError};
pub use news::{Headline, Headlines, NewsFeed, UpstreamArticle};

/// Where the news service lives and how long to wait for it.
#[derive(Clone, Debug)]
pub struct Config {
    /// The service's base URL, such as `http://127.0.0.1:8081`, without a trailing slash.
    pub news_url: String,
    /// The longest one call may take, from connecting to the last byte of the body.
    pub timeout: Duration,
}

// ANCHOR: state
/// Built once at startup and cloned into every request. Cloning a `reqwest::Client` copies a
/// pointer: every clone shares one connection pool, so requests reuse open connections.
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
}
// ANCHOR_END: state

// ANCHOR: new
impl AppState {
    /// Builds the one client the app uses. reqwest waits forever unless told otherwise, so
    /// the timeout is set here, once, for every call.
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        // The services are on loopback: never through a proxy set in `HTTP_PROXY`.
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(config.timeout)
            .build()?;
        Ok(Self { http, config })
    }
}
// ANCHOR_END: new

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/news", get(latest_news))
        .with_state(state)
}

// ANCHOR: handler
/// `GET /news`. reqwest treats any answer as a success, 503 included: the status is checked
/// here, before the body is parsed.
async fn latest_news(State(state): State<AppState>) -> Result<Json<NewsFeed>, UpstreamError> {
    let failed = |error| UpstreamError::from_reqwest("news", state.config.timeout, error);
    let url = format!("{}/v1/headlines", state.config.news_url);
    let response = state.http.get(&url).send().await.map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(UpstreamError::Status {
            upstream: "news",
            status,
        });
    }
    let headlines: Headlines = response.json().await.map_err(failed)?;
    Ok(Json(NewsFeed::from(headlines)))
}
// ANCHOR_END: handler
