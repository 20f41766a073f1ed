//! The service: what Django's middleware `__call__` does for every request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::http::{HeaderValue, Request, Response};
use tower::Service;

use crate::format::{REQUEST_DURATION, format_duration};

/// The future a [`Timing`] service returns: boxed, because it is an `async` block, whose type
/// has no name to write here.
pub type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

// ANCHOR: struct
/// Adds `X-Request-Duration` to every response of the service it wraps.
#[derive(Clone, Debug)]
pub struct Timing<S> {
    inner: S,
}
// ANCHOR_END: struct

impl<S> Timing<S> {
    pub fn new(inner: S) -> Self {
        Self { inner }
    }
}

// ANCHOR: service
impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Timing<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    /// Timing itself is always ready; whether a request may be sent is the inner service's
    /// answer (a concurrency limit, a pool), so pass the question on and its answer back.
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // `self.inner` is the service `poll_ready` made ready; the future must own it, because
        // it outlives this `&mut self`. Take the ready one and leave a clone in its place for
        // the next `poll_ready`: calling a fresh clone would skip its readiness.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let started = Instant::now();
            let mut response = inner.call(request).await?;
            if let Ok(value) = HeaderValue::from_str(&format_duration(started.elapsed())) {
                response.headers_mut().insert(REQUEST_DURATION, value);
            }
            Ok(response)
        })
    }
}
// ANCHOR_END: service
