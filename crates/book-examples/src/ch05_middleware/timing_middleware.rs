//! A `from_fn` middleware that works on the way in and on the way out: `Content-Language` on
//! every response, chosen from the request's `Accept-Language`.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;

#[rustfmt::skip]
// ANCHOR: content_language
pub async fn content_language(
    request: Request,
    next: Next,
) -> Response {
    // On the way in: read the request.
    let accept = request.headers().get(header::ACCEPT_LANGUAGE);
    let french =
        accept.is_some_and(|v| v.as_bytes().starts_with(b"fr"));
    let language = if french { "fr" } else { "en" };
    // The rest of the app: Django's get_response.
    let mut response = next.run(request).await;
    // On the way out: every response, errors too.
    let headers = response.headers_mut();
    let value = HeaderValue::from_static(language);
    headers.insert(header::CONTENT_LANGUAGE, value);
    let vary = HeaderValue::from_static("accept-language");
    headers.insert(header::VARY, vary);
    response
}
// ANCHOR_END: content_language

// ANCHOR: app
pub fn app() -> Router {
    super::articles()
        .fallback(|| async { StatusCode::NOT_FOUND })
        // After the routes AND the fallback: it wraps
        // everything written before it.
        .layer(middleware::from_fn(content_language))
}
// ANCHOR_END: app

// ANCHOR: route_layer
// WRONG for a header on every answer: route_layer wraps
// the routes only, so the fallback's 404 has none.
pub fn routes_only() -> Router {
    super::articles()
        .fallback(|| async { StatusCode::NOT_FOUND })
        .route_layer(middleware::from_fn(content_language))
}
// ANCHOR_END: route_layer

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;

    #[tokio::test]
    async fn in_and_out() {
        let response = TestClient::new(app())
            .get("/articles/async-views")
            .header("accept-language", "fr-CH, fr;q=0.9")
            .await;
        assert_eq!(
            response.header("content-language"),
            Some("fr")
        );
        assert_eq!(
            response.header("vary"),
            Some("accept-language")
        );
    }

    #[tokio::test]
    async fn the_handlers_404_and_the_fallbacks_404_get_the_header()
     {
        let client = TestClient::new(app());
        for path in
            ["/articles/no-such-article", "/no/such/page"]
        {
            let response = client.get(path).await;
            response.assert_status(StatusCode::NOT_FOUND);
            assert_eq!(
                response.header("content-language"),
                Some("en"),
                "{path}"
            );
        }
    }

    #[tokio::test]
    async fn route_layer_misses_the_fallback() {
        let client = TestClient::new(routes_only());
        let routed =
            client.get("/articles/no-such-article").await;
        assert_eq!(
            routed.header("content-language"),
            Some("en")
        );
        let fallback = client.get("/no/such/page").await;
        assert_eq!(fallback.header("content-language"), None);
    }
}
