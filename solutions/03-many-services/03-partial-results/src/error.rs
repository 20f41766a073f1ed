//! What can go wrong when calling another service. On this dashboard a failure is not the
//! end of the request: it becomes an entry in the answer's `errors` list.

use std::error::Error as _;
use std::time::Duration;

use axum::http::StatusCode;

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
    /// No answer in time.
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

    /// Which service failed: `news`, `weather` or `stocks`.
    pub fn upstream(&self) -> &'static str {
        match self {
            UpstreamError::Status { upstream, .. }
            | UpstreamError::BadJson { upstream, .. }
            | UpstreamError::Timeout { upstream, .. }
            | UpstreamError::Unreachable { upstream, .. } => upstream,
        }
    }

    /// A code for programs: `bad_status`, `bad_json`, `timeout` or `unreachable`.
    pub fn code(&self) -> &'static str {
        match self {
            UpstreamError::Status { .. } => "bad_status",
            UpstreamError::BadJson { .. } => "bad_json",
            UpstreamError::Timeout { .. } => "timeout",
            UpstreamError::Unreachable { .. } => "unreachable",
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
