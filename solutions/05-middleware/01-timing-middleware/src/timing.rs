//! The timing middleware: Django's `TimingMiddleware.__call__`, as an `async fn`.

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// `X-Request-Duration`. Header names are lowercase on the wire in HTTP/2 and case-insensitive
/// everywhere; `HeaderName` stores them lowercase.
pub const REQUEST_DURATION: HeaderName = HeaderName::from_static("x-request-duration");

// ANCHOR: timing
/// Times everything inside it: the layers below, the handler, and whatever error or 404 they
/// answer. It never looks at the status, so no response leaves without the header.
pub async fn timing(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let elapsed = format_duration(started.elapsed());
    // Digits, a dot and an `s` always make a valid header value; `if let` keeps the code
    // honest without an `unwrap`.
    if let Ok(value) = HeaderValue::from_str(&elapsed) {
        response.headers_mut().insert(REQUEST_DURATION, value);
    }
    response
}
// ANCHOR_END: timing

// ANCHOR: format
/// `0.123s`: seconds with exactly three decimals, like Django's `f"{elapsed:.3f}s"`.
pub fn format_duration(elapsed: Duration) -> String {
    format!("{:.3}s", elapsed.as_secs_f64())
}
// ANCHOR_END: format
