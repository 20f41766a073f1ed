//! `GET /portfolio`: a quote for every symbol of the portfolio, fetched with at most
//! `max_in_flight` requests at a time. Fifty symbols one by one are slow; fifty at once (or
//! five thousand) overwhelm the stocks service and this app's sockets. A bound gives both.

mod error;
mod models;
pub mod upstream;

use std::time::Duration;

use axum::extract::State;
use axum::{Json, Router, routing::get};

pub use error::{ErrorBody, UpstreamError};
pub use models::{Portfolio, Quote};

#[derive(Clone, Debug)]
pub struct Config {
    pub stocks_url: String,
    /// The symbols to quote, in the order the answer lists them.
    pub portfolio: Vec<String>,
    /// The most quote requests in flight at once.
    pub max_in_flight: usize,
    pub timeout: Duration,
}

/// Built once at startup and cloned into every request; clones share one connection pool.
#[derive(Clone)]
pub struct AppState {
    http: reqwest::Client,
    config: Config,
}

impl AppState {
    pub fn new(mut config: Config) -> Result<Self, reqwest::Error> {
        // A limit of 0 would never start a request: the portfolio would wait forever.
        config.max_in_flight = config.max_in_flight.max(1);
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
        .route("/portfolio", get(portfolio))
        .with_state(state)
}

/// `GET /portfolio`.
async fn portfolio(State(state): State<AppState>) -> Result<Json<Portfolio>, UpstreamError> {
    // TODO: fetch `upstream::quote(&state, symbol)` for every symbol of
    // `state.config.portfolio`, with at most `state.config.max_in_flight` requests in flight
    // at once, and answer the quotes in the portfolio's order. The first failure fails the
    // whole portfolio.
    todo!(
        "quote {} symbols, {} at a time",
        state.config.portfolio.len(),
        state.config.max_in_flight
    )
}
