//! What can go wrong when calling another service, and what the client of *this* service
//! sees then: a `502 Bad Gateway` (or `504 Gateway Timeout`) whose message names the upstream.
//!
//! Django code usually lets `httpx.HTTPStatusError` become a 500. A 500 says "this service is
//! broken"; a 502 says "this service is fine, the one behind it is not", which is what an
//! on-call engineer needs to read first.

use std::error::Error as _;
use std::time::Duration;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub enum UpstreamError {
    /// The upstream answered, with a status that is not a success.
    Status {
        upstream: &'static str,
        status: StatusCode,
    },
    /// The upstream answered 2xx, but the body is not the JSON we expect.
    BadJson {
        upstream: &'static str,
        source: reqwest::Error,
    },
    /// No answer within the client's timeout.
    Timeout {
        upstream: &'static str,
        after: Duration,
    },
    /// No answer at all: refused, reset, unknown host.
    Unreachable {
        upstream: &'static str,
        source: reqwest::Error,
    },
}

impl UpstreamError {
    /// Sorts an error from `reqwest` (sending, or reading the body) into the variants above.
    /// `timeout` is the client's, so the message can say how long we waited.
    pub fn from_reqwest(upstream: &'static str, timeout: Duration, error: reqwest::Error) -> Self {
        // The upstream's URL is our business, not our clients': keep it out of messages.
        let error = error.without_url();
        if error.is_timeout() {
            UpstreamError::Timeout {
                upstream,
                after: timeout,
            }
        } else if error.is_decode() {
            UpstreamError::BadJson {
                upstream,
                source: error,
            }
        } else {
            UpstreamError::Unreachable {
                upstream,
                source: error,
            }
        }
    }

    pub fn message(&self) -> String {
        match self {
            UpstreamError::Status { upstream, status } => {
                format!("the {upstream} service answered {status}")
            }
            UpstreamError::BadJson { upstream, source } => format!(
                "the {upstream} service answered JSON this app cannot read ({})",
                causes(source)
            ),
            UpstreamError::Timeout { upstream, after } => format!(
                "the {upstream} service did not answer within {} ms",
                after.as_millis()
            ),
            UpstreamError::Unreachable { upstream, source } => format!(
                "the {upstream} service could not be reached ({})",
                causes(source)
            ),
        }
    }
}

/// An error and its sources, outermost first: reqwest's "error decoding response body" alone
/// hides the useful part, serde's "EOF while parsing ... at line 1 column 70".
fn causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The JSON body of every error in this course: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

impl IntoResponse for UpstreamError {
    fn into_response(self) -> Response {
        let (status, error) = match self {
            UpstreamError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, "gateway_timeout"),
            _ => (StatusCode::BAD_GATEWAY, "bad_gateway"),
        };
        let message = self.message();
        (status, Json(ErrorBody { error, message })).into_response()
    }
}
