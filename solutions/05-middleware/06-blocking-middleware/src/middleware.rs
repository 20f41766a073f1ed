//! The middleware that asks a [`Gate`] about every request.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ApiError;
use crate::gate::{Gate, Verdict};

// ANCHOR: check_gate
pub async fn check_gate(
    State(gate): State<Arc<dyn Gate>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let api_key = request
        .headers()
        .get("x-api-key")
        .and_then(|key| key.to_str().ok())
        .map(str::to_owned);
    // The check blocks, so it runs on tokio's blocking pool, and this task waits for it
    // without holding a runtime thread. The closure must own what it uses ('static): the
    // `Arc` clone of the gate and the key as a `String`.
    let checked = tokio::task::spawn_blocking(move || gate.check(api_key.as_deref())).await;
    match checked {
        Ok(Ok(Verdict::Allow)) => Ok(next.run(request).await),
        Ok(Ok(Verdict::Deny)) => Err(ApiError::forbidden()),
        // The gate could not decide: fail closed.
        Ok(Err(_unreadable)) => Err(ApiError::gate_unavailable()),
        // The check panicked on its blocking thread; the panic arrives here as a value.
        Err(_panicked) => Err(ApiError::internal()),
    }
}
// ANCHOR_END: check_gate
