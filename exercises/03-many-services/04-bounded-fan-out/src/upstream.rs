//! One call to the stocks service: the quote for one symbol.

use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::UpstreamError;
use crate::models::Quote;

/// `GET url` on `upstream` and parse the JSON body as `T`: the call from `shared-client`.
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

/// The quote for `symbol`.
pub async fn quote(state: &AppState, symbol: &str) -> Result<Quote, UpstreamError> {
    let url = format!("{}/v1/quotes/{symbol}", state.config.stocks_url);
    fetch_json(state, "stocks", &url).await
}
