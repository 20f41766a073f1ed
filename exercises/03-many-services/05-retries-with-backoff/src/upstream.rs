//! One attempt at calling an upstream: the call from `shared-client`, with the attempt's
//! own timeout.

use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::UpstreamError;

/// `GET url` on `upstream` once, and parse the JSON body as `T`.
pub async fn fetch_once<T: DeserializeOwned>(
    state: &AppState,
    upstream: &'static str,
    url: &str,
) -> Result<T, UpstreamError> {
    let timeout = state.config.retry.attempt_timeout;
    let failed = |error| UpstreamError::from_reqwest(upstream, timeout, error);
    let request = state.http.get(url).timeout(timeout);
    let response = request.send().await.map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(UpstreamError::Status { upstream, status });
    }
    response.json().await.map_err(failed)
}
