//! The header and its format, as written in the `timing-middleware` exercise.

use std::time::Duration;

use axum::http::HeaderName;

/// `X-Request-Duration`.
pub const REQUEST_DURATION: HeaderName = HeaderName::from_static("x-request-duration");

/// `0.123s`: seconds with exactly three decimals.
pub fn format_duration(elapsed: Duration) -> String {
    format!("{:.3}s", elapsed.as_secs_f64())
}
