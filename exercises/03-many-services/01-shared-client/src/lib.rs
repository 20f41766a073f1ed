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

/// Built once at startup and cloned into every request.
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        // TODO: build the one `reqwest::Client` this app uses, with `config.timeout` as its
        // timeout (reqwest waits forever unless told otherwise), and keep it in the state.
        todo!(
            "build a client with a {:?} timeout for {}",
            config.timeout,
            config.news_url
        )
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/news", get(latest_news))
        .with_state(state)
}

/// `GET /news`.
async fn latest_news(State(state): State<AppState>) -> Result<Json<NewsFeed>, UpstreamError> {
    // TODO: `GET {news_url}/v1/headlines` with the shared `state.http`, and answer
    // `NewsFeed::from(headlines)`. When the news service fails, return the matching
    // `UpstreamError`: its status is not a success (check it before reading the body), its
    // body is not the JSON of `Headlines`, it is too slow, or it cannot be reached.
    todo!(
        "fetch the headlines from {} with {:?}",
        state.config.news_url,
        state.http
    )
}
