//! Stage 6: the limits a service needs before it meets the internet.
//!
//! A server with no limits lets a client decide how long a connection stays open and how much
//! memory it takes. The classic attack is *slowloris*: open hundreds of connections and send
//! each request a few bytes at a time, never finishing; every one stays open, and the server
//! runs out of sockets while doing no work at all. uvicorn and gunicorn ship with limits on by
//! default; `axum::serve` has none of its own, so this service sets them:
//!
//! | limit                | here                  | uvicorn / gunicorn                           |
//! |----------------------|-----------------------|----------------------------------------------|
//! | header-read timeout  | `header_read_timeout` | gunicorn `--timeout`                         |
//! | keep-alive idle      | the same timeout      | `--timeout-keep-alive 5` / `--keep-alive 2`  |
//! | header size          | `max_header_bytes`    | `--h11-max-incomplete-event-size` (16 KiB)   |
//! | header count         | `max_headers`         | gunicorn `--limit-request-fields 100`        |
//! | requests at once     | `max_in_flight`, 503  | `--limit-concurrency`, 503                   |
//! | time per request     | `request_timeout`     | gunicorn `--timeout 30`                      |
//!
//! The first three belong to the connection (hyper's HTTP/1 builder, [`http1`]); the last two
//! to the application (middleware around the router, [`limit`]).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::TokioTimer;
use tokio::sync::Semaphore;

use crate::ApiError;

/// How much a client may ask of the server. [`Limits::default`] is what production gets;
/// the tests shorten the times to see them work.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A request's head (request line and headers) must arrive within this; so must the next
    /// request on a kept-alive connection. Otherwise the connection is closed.
    pub header_read_timeout: Duration,
    /// At most this many headers in a request (a `431` above it).
    pub max_headers: usize,
    /// At most this many bytes of request head (a `431` above it; hyper's minimum is 8 KiB).
    pub max_header_bytes: usize,
    /// At most this many requests handled at once; the next one is answered `503` at once.
    pub max_in_flight: usize,
    /// A request still unanswered after this is answered `503`, and its work is dropped.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(5),
            max_headers: 100,
            max_header_bytes: 16 * 1024,
            max_in_flight: 512,
            request_timeout: Duration::from_secs(30),
        }
    }
}

// ANCHOR: http1
/// The HTTP/1 connection settings: a timer (without one, hyper has no clock and no timeout
/// ever fires), the header-read timeout, and the size and count of headers.
pub fn http1(limits: &Limits) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_headers(limits.max_headers)
        .max_buf_size(limits.max_header_bytes.max(8 * 1024))
        .keep_alive(true);
    builder
}
// ANCHOR_END: http1

// ANCHOR: limit
/// The application's limits around `app`: at most `max_in_flight` requests at once, each
/// answered within `request_timeout`. The admission check is outermost, so a request turned
/// away costs nothing but its `503`.
pub fn limit(app: Router, limits: &Limits) -> Router {
    let admission = Admission::new(limits.max_in_flight);
    app.layer(middleware::from_fn_with_state(
        limits.request_timeout,
        time_limit,
    ))
    .layer(middleware::from_fn_with_state(admission, admit))
}

/// Lets the request in if a place is free, and answers `503` at once if not: queueing it
/// would only make the overload last longer.
pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    match Arc::clone(&admission.places).try_acquire_owned() {
        // The place is given back when the response is ready (`_place` is dropped).
        Ok(_place) => next.run(request).await,
        Err(_) => ApiError::Unavailable(format!(
            "the service is answering its limit of {} requests at once; try again in a moment",
            admission.limit
        ))
        .into_response(),
    }
}
// ANCHOR_END: limit

/// The places for requests in flight, shared by every request.
#[derive(Clone, Debug)]
pub struct Admission {
    places: Arc<Semaphore>,
    limit: usize,
}

impl Admission {
    pub fn new(limit: usize) -> Self {
        // A limit of 0 would turn every request away.
        let limit = limit.max(1);
        Self {
            places: Arc::new(Semaphore::new(limit)),
            limit,
        }
    }
}

/// Answers `503` for a request that takes longer than `limit`; dropping its future cancels
/// whatever it was waiting on (a query, a service call).
pub async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Unavailable(format!(
            "the request took longer than {:.1} s, the service's limit",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
}
