//! The async price client: one `GET {base}/prices/{symbol}` per price, with reqwest.

use std::fmt;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub symbol: String,
    pub cents: u64,
}

#[derive(Debug)]
pub enum PriceError {
    /// The price service could not be reached, or its answer could not be read.
    Request(reqwest::Error),
    /// The price service answered with an error status, such as 404 for an unknown symbol.
    Status { symbol: String, status: StatusCode },
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceError::Request(error) => write!(f, "the price service failed: {error}"),
            PriceError::Status { symbol, status } => {
                write!(f, "the price service answered {status} for `{symbol}`")
            }
        }
    }
}

impl std::error::Error for PriceError {}

/// Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct PriceClient {
    http: reqwest::Client,
    base_url: String,
}

impl PriceClient {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            // The price service is on loopback: never through a proxy set in `HTTP_PROXY`.
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("building an HTTP client"),
            base_url: base_url.into(),
        }
    }

    /// The current price of `symbol`.
    pub async fn price(&self, symbol: &str) -> Result<Price, PriceError> {
        let url = format!("{}/prices/{symbol}", self.base_url);
        let res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(PriceError::Request)?;
        if !res.status().is_success() {
            return Err(PriceError::Status {
                symbol: symbol.to_owned(),
                status: res.status(),
            });
        }
        res.json().await.map_err(PriceError::Request)
    }
}
