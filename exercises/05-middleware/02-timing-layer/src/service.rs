//! The service: what Django's middleware `__call__` does for every request.

use std::any::type_name_of_val;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::{Request, Response};
use tower::Service;

/// The future a [`Timing`] service returns: boxed, because it is an `async` block, whose type
/// has no name to write here.
pub type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// Adds `X-Request-Duration` to every response of the service it wraps.
#[derive(Clone, Debug)]
pub struct Timing<S> {
    inner: S,
}

impl<S> Timing<S> {
    pub fn new(inner: S) -> Self {
        Self { inner }
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Timing<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // TODO: Timing is always ready itself; the service inside it may not be. Answer what
        // the inner service answers.
        todo!(
            "is `{}` ready? (asked with {cx:?})",
            type_name_of_val(&self.inner)
        )
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // TODO: call the inner service (the one `poll_ready` made ready, see the page's
        // clone-and-swap) inside `Box::pin(async move { ... })`, and add `X-Request-Duration`
        // (`REQUEST_DURATION`, `format_duration` in src/format.rs) to its response.
        todo!("time {} {}", request.method(), request.uri())
    }
}
