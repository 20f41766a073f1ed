//! What this chapter's examples share: a call to another service, and what can go wrong with
//! it, as a response of ours.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

// ANCHOR: error
/// A service behind us failed: our answer is a
/// 502 (or a 504 for a timeout) that names it.
#[derive(Debug)]
pub enum UpstreamError {
    Timeout(&'static str),
    Bad(&'static str, String),
}

impl IntoResponse for UpstreamError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self {
            UpstreamError::Timeout(name) => (
                StatusCode::GATEWAY_TIMEOUT,
                "gateway_timeout",
                format!("{name} did not answer in time"),
            ),
            UpstreamError::Bad(name, why) => (
                StatusCode::BAD_GATEWAY,
                "bad_gateway",
                format!("{name}: {why}"),
            ),
        };
        let body = json!({"error": error, "message": message});
        (status, Json(body)).into_response()
    }
}
// ANCHOR_END: error

// ANCHOR: fetch
/// GET `url` and parse its JSON, or say which
/// service failed and how.
pub async fn fetch<T: DeserializeOwned>(
    client: &reqwest::Client,
    name: &'static str,
    url: &str,
) -> Result<T, UpstreamError> {
    let failed = |e: reqwest::Error| {
        if e.is_timeout() {
            UpstreamError::Timeout(name)
        } else {
            UpstreamError::Bad(name, e.to_string())
        }
    };
    let res = client.get(url).send().await.map_err(failed)?;
    // A 503 is a successful *request*: check it.
    let status = res.status();
    if !status.is_success() {
        return Err(UpstreamError::Bad(
            name,
            format!("answered {status}"),
        ));
    }
    res.json().await.map_err(failed)
}
// ANCHOR_END: fetch
