//! The timing middleware: Django's `TimingMiddleware.__call__`, as an `async fn`.

use std::time::Duration;

use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::Response;

/// `X-Request-Duration`. Header names are lowercase on the wire in HTTP/2 and case-insensitive
/// everywhere; `HeaderName` stores them lowercase.
pub const REQUEST_DURATION: HeaderName = HeaderName::from_static("x-request-duration");

/// Times everything inside it: the layers below, the handler, and whatever error or 404 they
/// answer.
pub async fn timing(request: Request, next: Next) -> Response {
    // TODO: note the time, let the rest of the app answer with `next.run(request).await`,
    // then add `X-Request-Duration` (formatted by `format_duration`) to that response,
    // whatever its status.
    let _ = next;
    todo!("time {} {}", request.method(), request.uri())
}

/// `0.123s`: seconds with exactly three decimals, like Django's `f"{elapsed:.3f}s"`.
pub fn format_duration(elapsed: Duration) -> String {
    // TODO: whole seconds, a dot, exactly three decimals, then `s`: `0.123s`, `2.005s`.
    todo!("format {elapsed:?}")
}
