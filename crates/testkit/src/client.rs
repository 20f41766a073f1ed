//! An HTTP client for an axum `Router` that never opens a socket.
//!
//! `TestClient::get("/articles").await` drives one request through the router with
//! `tower::ServiceExt::oneshot` and collects the whole answer into a [`TestResponse`].
//! This is the right tool for most handler tests: no port, no server, nothing to shut down.
//! Where the lesson is about serving itself, use [`crate::TestServer`] instead.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use serde::Serialize;
use serde_json::Value;
use tower::ServiceExt;

mod status;

/// Sends requests to one application. Cloning is cheap: clones share the same router and state.
#[derive(Clone)]
pub struct TestClient {
    router: Router,
}

impl TestClient {
    pub fn new(router: Router) -> Self {
        Self { router }
    }

    pub fn get(&self, uri: &str) -> TestRequest {
        self.request(Method::GET, uri)
    }

    pub fn post(&self, uri: &str) -> TestRequest {
        self.request(Method::POST, uri)
    }

    pub fn put(&self, uri: &str) -> TestRequest {
        self.request(Method::PUT, uri)
    }

    pub fn patch(&self, uri: &str) -> TestRequest {
        self.request(Method::PATCH, uri)
    }

    pub fn delete(&self, uri: &str) -> TestRequest {
        self.request(Method::DELETE, uri)
    }

    pub fn request(&self, method: Method, uri: &str) -> TestRequest {
        TestRequest {
            router: self.router.clone(),
            method,
            uri: uri.to_owned(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }
}

/// A request being built. Await it to send it.
#[must_use = "a request does nothing until it is awaited"]
pub struct TestRequest {
    router: Router,
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Bytes,
}

impl TestRequest {
    /// Adds a header. Panics on a name or value that is not valid HTTP: that is a bug in the test.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::try_from(name).expect("test header name is valid");
        let value = HeaderValue::try_from(value).expect("test header value is valid");
        self.headers.append(name, value);
        self
    }

    /// Sends `value` as a JSON body with `content-type: application/json`.
    pub fn json(self, value: &impl Serialize) -> Self {
        let body = serde_json::to_vec(value).expect("test body serializes to JSON");
        self.header(header::CONTENT_TYPE.as_str(), "application/json")
            .body(body)
    }

    /// Sends raw bytes as the body, with whatever content type the test set (or none).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    async fn send(self) -> TestResponse {
        let described = format!("{} {}", self.method, self.uri);
        let mut request = Request::builder()
            .method(self.method)
            .uri(&self.uri)
            .body(Body::from(self.body))
            .unwrap_or_else(|e| panic!("the test built an invalid request `{described}`: {e}"));
        *request.headers_mut() = self.headers;

        // A Router's error type is `Infallible`: every failure is already a response.
        let response = match self.router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("{described}: the response body failed mid-stream: {e}"));
        TestResponse {
            request: described,
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }
}

impl IntoFuture for TestRequest {
    type Output = TestResponse;
    type IntoFuture = Pin<Box<dyn Future<Output = TestResponse> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A whole response, collected. Its `Debug` output shows the request, status, headers and
/// body, so `assert!(..., "{res:?}")` messages tell the learner what actually came back.
pub struct TestResponse {
    /// "GET /articles?tag=rust": which request this answers, for failure messages.
    pub request: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    /// Builds a response from parts, for tests that talk to a real server with reqwest.
    pub fn from_parts(
        request: String,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            request,
            status,
            headers,
            body,
        }
    }

    /// A header's value as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header(header::CONTENT_TYPE.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON, or `None` if it is not JSON.
    pub fn try_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body parsed as JSON. Fails the test, showing the body, if it is not JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        match self.try_json() {
            Some(value) => value,
            None => panic!(
                "{} answered a body that is not JSON (content-type {}).\n\
                 Return `Json(...)` (or an error type whose `IntoResponse` builds one), \
                 not a `String` or a bare status code.\n{self:?}",
                self.request,
                self.content_type().unwrap_or("missing"),
            ),
        }
    }

    /// Fails the test unless the status is `expected`, saying what usually causes the status
    /// it got instead, and showing the whole response.
    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        if self.status != expected {
            let cause = status::usual_cause(self.status, expected, &self.text());
            self.fail_status(expected, &cause);
        }
        self
    }

    /// Like [`Self::assert_status`], with the cause that is likely in this exercise spelled
    /// out (what the learner's code probably does, and what to change).
    #[track_caller]
    pub fn assert_status_because(&self, expected: StatusCode, likely_cause: &str) -> &Self {
        if self.status != expected {
            self.fail_status(expected, likely_cause);
        }
        self
    }

    #[track_caller]
    fn fail_status(&self, expected: StatusCode, cause: &str) {
        panic!(
            "{} answered {}, expected {}. {cause}\n{self:?}",
            self.request, self.status, expected,
        );
    }

    /// Fails the test unless the response is JSON: `content-type: application/json` and a body
    /// that parses. Error responses are held to the same rule as successes.
    #[track_caller]
    pub fn assert_json(&self) -> &Self {
        let content_type = self.content_type().unwrap_or("");
        let advice = if self.status.is_success() {
            "Wrap the value in `Json(...)`: a `String` or `&str` is sent as text/plain."
        } else {
            "Errors are JSON too in this course. A plain-text body usually means an extractor \
             rejected the request before your handler ran (take it as a `Result` to answer \
             yourself), or an error became a bare status code instead of going through an \
             error type whose `IntoResponse` builds `Json(...)`."
        };
        assert!(
            content_type.starts_with("application/json"),
            "{} answered {} with {}, expected `content-type: application/json`.\n{advice}\n{self:?}",
            self.request,
            self.status,
            if content_type.is_empty() {
                "no content-type".to_owned()
            } else {
                format!("`content-type: {content_type}`")
            },
        );
        self.json();
        self
    }

    /// What a snapshot records: the status, the content type and the body (JSON when it parses).
    pub fn snapshot_view(&self) -> Value {
        self.snapshot_view_with_headers(&[])
    }

    /// Like [`Self::snapshot_view`], also recording the named headers (missing ones as `null`).
    pub fn snapshot_view_with_headers(&self, names: &[&str]) -> Value {
        let mut headers = serde_json::Map::new();
        for name in std::iter::once(&header::CONTENT_TYPE.as_str()).chain(names) {
            let value = self.header(name).map_or(Value::Null, Value::from);
            headers.insert((*name).to_owned(), value);
        }
        serde_json::json!({
            "status": self.status.as_u16(),
            "headers": headers,
            "body": self.try_json().unwrap_or_else(|| Value::from(self.text())),
        })
    }
}

impl fmt::Debug for TestResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "--- response to {} ---", self.request)?;
        writeln!(f, "status: {}", self.status)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {}", value.to_str().unwrap_or("<binary>"))?;
        }
        const SHOWN: usize = 400;
        let text = self.text();
        if text.len() > SHOWN {
            let cut = text.floor_char_boundary(SHOWN);
            write!(f, "body ({} bytes): {}…", text.len(), &text[..cut])
        } else if text.is_empty() {
            write!(f, "body: (empty)")
        } else {
            write!(f, "body: {text}")
        }
    }
}
