//! The middleware that asks a [`Gate`] about every request.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ApiError;
use crate::gate::Gate;

pub async fn check_gate(
    State(gate): State<Arc<dyn Gate>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    // TODO: ask `gate.check(api_key)` about the request's `X-Api-Key` header (`None` if it has
    // none), without blocking the runtime: the check reads a file. `Verdict::Allow` lets the
    // request through to `next`; `Deny` is `ApiError::forbidden()`; an `io::Error` is
    // `ApiError::gate_unavailable()`.
    let _ = (gate, next);
    todo!("check {} {}", request.method(), request.uri())
}
