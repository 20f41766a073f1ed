//! The three services the dashboard calls, through the one shared `reqwest::Client`.

use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub title: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weather {
    pub city: String,
    pub temperature_c: f64,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub symbol: String,
    pub price: f64,
}

/// Why a section of the dashboard is missing. It becomes the text in the answer's `errors`.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("no answer within {} ms", .0.as_millis())]
    Timeout(std::time::Duration),
    #[error("answered {0}")]
    Status(StatusCode),
    #[error("could not be reached or answered nonsense: {0}")]
    Request(#[from] reqwest::Error),
}

#[derive(Deserialize)]
struct News {
    headlines: Vec<Headline>,
}

#[derive(Deserialize)]
struct Stocks {
    quotes: Vec<Quote>,
}

pub async fn news(http: &reqwest::Client, base_url: &str) -> Result<Vec<Headline>, UpstreamError> {
    let news: News = get_json(http, &format!("{base_url}/headlines")).await?;
    Ok(news.headlines)
}

pub async fn weather(http: &reqwest::Client, base_url: &str) -> Result<Weather, UpstreamError> {
    get_json(http, &format!("{base_url}/current")).await
}

pub async fn stocks(http: &reqwest::Client, base_url: &str) -> Result<Vec<Quote>, UpstreamError> {
    let stocks: Stocks = get_json(http, &format!("{base_url}/quotes")).await?;
    Ok(stocks.quotes)
}

async fn get_json<T: DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
) -> Result<T, UpstreamError> {
    let response = http.get(url).send().await?;
    if !response.status().is_success() {
        return Err(UpstreamError::Status(response.status()));
    }
    Ok(response.json().await?)
}
