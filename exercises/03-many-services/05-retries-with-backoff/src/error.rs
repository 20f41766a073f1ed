//! What can go wrong when calling another service, including giving up after retries, and
//! the JSON `502`/`504` the client of this service sees then.

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
    /// No answer within the attempt's timeout.
    Timeout {
        upstream: &'static str,
        after: Duration,
    },
    /// No answer at all: refused, reset, unknown host.
    Unreachable {
        upstream: &'static str,
        source: reqwest::Error,
    },
    /// Every attempt the retry policy allows failed; `last` is how the last one failed.
    GaveUp {
        attempts: u32,
        last: Box<UpstreamError>,
    },
}

impl UpstreamError {
    /// Sorts an error from `reqwest` (sending, or reading the body) into the variants above.
    /// `timeout` is the attempt's, so the message can say how long we waited.
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
            UpstreamError::GaveUp { attempts, last } => {
                format!("gave up after {attempts} attempts: {}", last.message())
            }
        }
    }

    fn is_timeout(&self) -> bool {
        match self {
            UpstreamError::Timeout { .. } => true,
            UpstreamError::GaveUp { last, .. } => last.is_timeout(),
            _ => false,
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
        let (status, error) = if self.is_timeout() {
            (StatusCode::GATEWAY_TIMEOUT, "gateway_timeout")
        } else {
            (StatusCode::BAD_GATEWAY, "bad_gateway")
        };
        let message = self.message();
        (status, Json(ErrorBody { error, message })).into_response()
    }
}
