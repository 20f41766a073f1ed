//! Test support for the middleware chapter.
//!
//! - [`request_duration`] reads `X-Request-Duration: 0.123s` and explains, for a learner, what
//!   is wrong when the header is missing or malformed;
//! - [`ReadinessProbe`] is an inner service that insists on tower's contract (`call` only after
//!   `poll_ready` said `Ready`), so a hand-written `Service` that breaks it fails with a sentence
//!   instead of a hang or a far-away panic;
//! - [`send`] drives one request through any tower `Service`, not only a `Router`;
//! - [`fetch`] asks a real server over loopback, with a time limit;
//! - [`silence_expected_panics`] keeps the panics a test causes on purpose out of the report.

use std::convert::Infallible;
use std::fmt;
use std::future::{Ready, ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::http::{Request, Response, StatusCode};
use axum::response::IntoResponse;
use tower::{Service, ServiceExt};

use crate::serving::error_chain;
use crate::{TestResponse, TestServer};

/// The header the chapter's timing middleware adds.
pub const DURATION_HEADER: &str = "x-request-duration";

/// The value of `X-Request-Duration` as a `Duration`. Fails the test, saying what to change, if
/// the header is missing or is not seconds with exactly three decimals (`0.123s`).
#[track_caller]
pub fn request_duration(res: &TestResponse) -> Duration {
    let Some(value) = res.header(DURATION_HEADER) else {
        panic!(
            "{} answered {} without an `X-Request-Duration` header.\n{}\n{res:?}",
            res.request,
            res.status,
            missing_duration_advice(res.status)
        );
    };
    match parse_duration(value) {
        Ok(duration) => duration,
        Err(problem) => panic!(
            "{} answered `X-Request-Duration: {value}`, which is not seconds with three \
             decimals like `0.123s`: {problem}.\nFormat the elapsed time as seconds: \
             `format!(\"{{:.3}}s\", elapsed.as_secs_f64())`.\n{res:?}",
            res.request
        ),
    }
}

fn missing_duration_advice(status: StatusCode) -> &'static str {
    if status.is_success() {
        "The middleware did not run for this request, or did not add the header. Add it to the \
         response that `next.run(request).await` returns, and add the middleware with \
         `.layer(...)` after the routes."
    } else if status == StatusCode::NOT_FOUND {
        "Every response needs it, errors and 404s included. Add the header to whatever \
         `next.run(request).await` returns, without looking at its status. If no route \
         matched, the router's fallback answered, and a middleware added with `route_layer`, or \
         with `layer` before `.fallback(...)`, never sees that request: add it with \
         `.layer(...)` after every route and the fallback."
    } else {
        "Every response needs it, errors included: add the header to whatever \
         `next.run(request).await` returns, without looking at its status."
    }
}

/// Parses `S.mmms` exactly: digits, a dot, three digits, `s`.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    for unit in ["ms", "µs", "us", "ns"] {
        if value.ends_with(unit) {
            return Err(format!(
                "it counts in `{unit}`, and the header counts in seconds"
            ));
        }
    }
    let Some(number) = value.strip_suffix('s') else {
        return Err("it should end with `s` for seconds, and nothing after it".to_owned());
    };
    let Some((seconds, decimals)) = number.split_once('.') else {
        return Err("it has no decimal point".to_owned());
    };
    let all_digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(seconds) {
        return Err(format!(
            "`{seconds}` before the dot is not a whole number of seconds"
        ));
    }
    if !all_digits(decimals) || decimals.len() != 3 {
        return Err(format!(
            "`{decimals}` after the dot should be exactly three digits (milliseconds)"
        ));
    }
    let seconds: u64 = seconds
        .parse()
        .map_err(|_| format!("`{seconds}` seconds is too large to be a duration"))?;
    let millis: u64 = decimals
        .parse()
        .map_err(|_| format!("`{decimals}` is not a number of milliseconds"))?;
    Ok(Duration::from_secs(seconds) + Duration::from_millis(millis))
}

/// An inner service that holds a hand-written middleware to tower's contract, the way a
/// concurrency limit or a connection pool does, but with a message that teaches:
///
/// - `call` is allowed only after `poll_ready` answered `Ready(Ok(()))`, once per readiness;
/// - `poll_ready` answers `Pending` the first time it is asked (a pool waiting for a
///   connection), so a middleware that asks but ignores the answer is caught too;
/// - a clone starts *not ready*, like a clone of `ConcurrencyLimit` holds no permit, so a
///   middleware that readies `self.inner` but calls a fresh clone is caught.
///
/// It answers `200 OK` with the body `ready and called`.
#[derive(Debug)]
pub struct ReadinessProbe {
    counters: Arc<ProbeCounters>,
    readiness: Readiness,
}

#[derive(Debug, Default)]
struct ProbeCounters {
    polls: AtomicUsize,
    calls: AtomicUsize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Readiness {
    /// Never asked since it was created, cloned or last called.
    Fresh,
    /// Asked once and answered `Pending`.
    Waiting,
    /// Answered `Ready(Ok(()))`: one call is allowed.
    Ready,
}

impl ReadinessProbe {
    pub fn new() -> Self {
        Self {
            counters: Arc::default(),
            readiness: Readiness::Fresh,
        }
    }

    /// How many times `poll_ready` was called, on this probe and all its clones.
    pub fn polls(&self) -> usize {
        self.counters.polls.load(Ordering::SeqCst)
    }

    /// How many calls were served, by this probe and all its clones.
    pub fn calls(&self) -> usize {
        self.counters.calls.load(Ordering::SeqCst)
    }

    fn violation(&self, readiness: Readiness) -> String {
        match readiness {
            _ if self.polls() == 0 => "The inner service was called, but its `poll_ready` never \
                was.\nA tower service may only be called after `poll_ready` answered \
                `Ready(Ok(()))`, and only the middleware can pass that question on: its \
                `poll_ready` must return `self.inner.poll_ready(cx)`. A concurrency limit, a \
                connection pool or a rate limiter hands out its capacity there, and panics or \
                misbehaves when called without it."
                .to_owned(),
            Readiness::Waiting => "The inner service answered `Poll::Pending` from `poll_ready` \
                (it is not ready yet), but it was called anyway.\nThe middleware's `poll_ready` \
                must return the inner service's answer as it is (`self.inner.poll_ready(cx)`), \
                not ask and then say `Poll::Ready(Ok(()))` itself."
                .to_owned(),
            _ => "The inner service that was called is not the one that was made ready.\n\
                `poll_ready` readied `self.inner`, but `call` used a fresh clone of it, and a \
                clone starts not ready. Clone and swap, so the ready one is called and the clone \
                stays behind for the next `poll_ready`: `let clone = self.inner.clone(); let mut \
                inner = std::mem::replace(&mut self.inner, clone);` then call `inner`."
                .to_owned(),
        }
    }
}

impl Default for ReadinessProbe {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for ReadinessProbe {
    /// A clone shares the counters but not the readiness.
    fn clone(&self) -> Self {
        Self {
            counters: Arc::clone(&self.counters),
            readiness: Readiness::Fresh,
        }
    }
}

impl<B> Service<Request<B>> for ReadinessProbe {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.counters.polls.fetch_add(1, Ordering::SeqCst);
        match self.readiness {
            Readiness::Fresh => {
                self.readiness = Readiness::Waiting;
                // Ready on the next poll: ask to be polled again, as a real service would
                // when its resource frees up.
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Readiness::Waiting | Readiness::Ready => {
                self.readiness = Readiness::Ready;
                Poll::Ready(Ok(()))
            }
        }
    }

    fn call(&mut self, _request: Request<B>) -> Self::Future {
        // One readiness is good for one call.
        let readiness = std::mem::replace(&mut self.readiness, Readiness::Fresh);
        if readiness != Readiness::Ready {
            panic!("{}", self.violation(readiness));
        }
        self.counters.calls.fetch_add(1, Ordering::SeqCst);
        ready(Ok(Response::new(Body::from("ready and called"))))
    }
}

/// Sends one request through any tower service the way a server would (`ready`, then `call`)
/// and collects the answer, for stacks built with `ServiceBuilder` rather than a `Router`.
pub async fn send<S, B>(service: S, request: Request<Body>) -> TestResponse
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: fmt::Debug,
    B: HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let described = format!("{} {}", request.method(), request.uri());
    let response = match service.oneshot(request).await {
        Ok(response) => response.map(Body::new).into_response(),
        Err(error) => panic!("{described}: the service failed instead of answering: {error:?}"),
    };
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_else(|e| panic!("{described}: the response body failed mid-stream: {e}"));
    TestResponse::from_parts(described, parts.status, parts.headers, body)
}

/// Why [`fetch`] got no answer.
#[derive(Debug)]
pub enum FetchError {
    /// Nothing came back within the limit: the connection hung.
    NoAnswerWithin(Duration),
    /// The connection failed or closed without a response (a server task that panicked).
    Failed(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::NoAnswerWithin(limit) => {
                write!(f, "no answer within {:.1} s", limit.as_secs_f64())
            }
            FetchError::Failed(reason) => write!(f, "no answer: {reason}"),
        }
    }
}

/// `GET path` on a real server over loopback, giving up after `limit`. A hung connection or
/// one that closed without an answer is an `Err`, for the test to explain.
pub async fn fetch(
    server: &TestServer,
    path: &str,
    limit: Duration,
) -> Result<TestResponse, FetchError> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(limit)
        .build()
        .map_err(|e| FetchError::Failed(format!("building the test client: {e}")))?;
    let response = client.get(server.url(path)).send().await.map_err(|e| {
        if e.is_timeout() {
            FetchError::NoAnswerWithin(limit)
        } else {
            FetchError::Failed(error_chain(&e))
        }
    })?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| {
        FetchError::Failed(format!("the body failed mid-stream: {}", error_chain(&e)))
    })?;
    Ok(TestResponse::from_parts(
        format!("GET {path}"),
        status,
        headers,
        body,
    ))
}

/// A panic whose message is exactly `message` is caused on purpose by the test (a handler that
/// panics to show what catches it). Left alone, the panic hook would print it into the output
/// of any failing test, ahead of the real failure; this keeps exactly those quiet. Any other
/// panic, including a failed assertion that quotes the message, is printed as usual.
pub fn silence_expected_panics(message: &'static str) {
    crate::panics::silence(crate::panics::Quiet::Exactly(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_decimals_and_an_s_parse() {
        assert_eq!(parse_duration("0.123s"), Ok(Duration::from_millis(123)));
        assert_eq!(parse_duration("12.005s"), Ok(Duration::from_millis(12_005)));
    }

    #[test]
    fn other_shapes_are_refused() {
        for wrong in [
            "0.123", "123ms", "0.12s", "0.1234s", ".123s", "0,123s", "1.2e-3s", "0.123 s",
        ] {
            assert!(parse_duration(wrong).is_err(), "{wrong} should be refused");
        }
    }
}
