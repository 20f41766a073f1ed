//! Stage 4: the middleware of chapter 5. Every response says how long it took
//! (`X-Request-Duration`), and every route but `/health` needs the API token.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState};

pub const REQUEST_DURATION: HeaderName = HeaderName::from_static("x-request-duration");

// ANCHOR: timing
/// Times everything inside it, errors included: `X-Request-Duration: 0.012s`.
pub async fn timing(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let elapsed = format!("{:.3}s", started.elapsed().as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&elapsed) {
        response.headers_mut().insert(REQUEST_DURATION, value);
    }
    response
}
// ANCHOR_END: timing

// ANCHOR: auth
/// Lets a request through only with `Authorization: Bearer <the API token>`.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match presented {
        Some(token) if token == state.config.api_token => next.run(request).await,
        Some(_) => ApiError::Unauthorized("the API token is not valid".to_owned()).into_response(),
        None => ApiError::Unauthorized(
            "send the API token as `Authorization: Bearer <token>`".to_owned(),
        )
        .into_response(),
    }
}
// ANCHOR_END: auth
