//! The same `Content-Language` middleware as a tower `Layer` and `Service`, by hand: readiness
//! passed through, and the ready service swapped out for the call.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::{HeaderValue, Request, Response, header};
use tower::{Layer, Service};

// ANCHOR: layer
/// Built once, like Django calling
/// `Middleware(get_response)` at startup.
#[derive(Clone, Copy, Debug)]
pub struct ContentLanguageLayer(pub &'static str);

impl<S> Layer<S> for ContentLanguageLayer {
    type Service = ContentLanguage<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ContentLanguage {
            inner,
            language: self.0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ContentLanguage<S> {
    inner: S,
    language: &'static str,
}
// ANCHOR_END: layer

type BoxFuture<T, E> =
    Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

// ANCHOR: service
impl<S, B, R> Service<Request<B>> for ContentLanguage<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S: Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    // Ready when the inner service is: pass it on.
    fn poll_ready(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    // Per request, like `__call__`.
    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Keep the READY service for this call; leave
        // a clone to be made ready for the next one.
        let clone = self.inner.clone();
        let mut ready =
            std::mem::replace(&mut self.inner, clone);
        let language = HeaderValue::from_static(self.language);
        Box::pin(async move {
            let mut response = ready.call(request).await?;
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_LANGUAGE, language);
            Ok(response)
        })
    }
}
// ANCHOR_END: service

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use testkit::TestClient;
    use tower::ServiceBuilder;

    #[tokio::test]
    async fn the_layer_stamps_every_answer_above_a_concurrency_limit()
     {
        // ServiceBuilder lists layers outermost first, like MIDDLEWARE.
        let app = super::super::articles().layer(
            ServiceBuilder::new()
                .layer(ContentLanguageLayer("en"))
                .concurrency_limit(1),
        );
        let client = TestClient::new(app);
        let (a, b) = tokio::join!(
            client.get("/articles/async-views").into_future(),
            client
                .get("/articles/no-such-article")
                .into_future()
        );
        assert_eq!(a.header("content-language"), Some("en"));
        assert_eq!(b.status, testkit::StatusCode::NOT_FOUND);
        assert_eq!(b.header("content-language"), Some("en"));
    }
}
