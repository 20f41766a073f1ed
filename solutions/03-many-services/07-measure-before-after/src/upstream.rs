//! The three upstream calls, as in the dashboard exercise. Each is an `async fn` that does
//! nothing until awaited (or polled by `try_join!`): calling `news(&state)` only builds the
//! future.

use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::UpstreamError;
use crate::models::{CurrentWeather, Headline, Headlines, Quote, Quotes, Weather};

/// `GET url` on `upstream` and parse the JSON body as `T`: the call from `shared-client`,
/// for any upstream.
pub async fn fetch_json<T: DeserializeOwned>(
    state: &AppState,
    upstream: &'static str,
    url: &str,
) -> Result<T, UpstreamError> {
    let failed = |error| UpstreamError::from_reqwest(upstream, state.config.timeout, error);
    let response = state.http.get(url).send().await.map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(UpstreamError::Status { upstream, status });
    }
    response.json().await.map_err(failed)
}

pub async fn news(state: &AppState) -> Result<Vec<Headline>, UpstreamError> {
    let url = format!("{}/v1/headlines", state.config.news_url);
    let headlines: Headlines = fetch_json(state, "news", &url).await?;
    Ok(headlines.articles)
}

pub async fn weather(state: &AppState) -> Result<Weather, UpstreamError> {
    let url = format!("{}/v1/current", state.config.weather_url);
    let current: CurrentWeather = fetch_json(state, "weather", &url).await?;
    Ok(Weather::from(current))
}

pub async fn stocks(state: &AppState) -> Result<Vec<Quote>, UpstreamError> {
    let url = format!("{}/v1/quotes", state.config.stocks_url);
    let quotes: Quotes = fetch_json(state, "stocks", &url).await?;
    Ok(quotes.quotes)
}
