//! A layer that refuses requests without the API key: it answers without calling the handler.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Unauthorized;
use crate::log::Log;
use crate::seen::{id_of_request, id_of_response};

/// The one key this app accepts, in an `X-Api-Key` header.
pub const API_KEY: &str = "workshop-key";

pub async fn require_api_key(State(log): State<Log>, request: Request, next: Next) -> Response {
    let id = id_of_request(&request);
    let has_key = request
        .headers()
        .get("x-api-key")
        .is_some_and(|key| key == API_KEY);
    if !has_key {
        log.record(
            '→',
            "api-key",
            format!("request id {id}, no valid key: 401"),
        );
        return Unauthorized.into_response();
    }
    log.record('→', "api-key", format!("request id {id}, key accepted"));
    let response = next.run(request).await;
    let line = format!(
        "{}, x-request-id {}",
        response.status(),
        id_of_response(&response)
    );
    log.record('←', "api-key", line);
    response
}
