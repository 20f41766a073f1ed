//! Talking to a real server over loopback, for the tests where serving is the lesson.
//!
//! [`send`] turns a `reqwest` request into the same [`TestResponse`] the in-process client
//! gives, so assertions and snapshots read the same whichever way the request travelled.

use std::time::Duration;

use crate::TestResponse;

/// A `reqwest` client for loopback tests: never goes through a proxy, and gives up on a
/// request after 60 s so a hung server fails the test instead of hanging it.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("building the test's HTTP client")
}

/// Sends `request` and collects the whole answer. `Err` says, in words, why no answer came
/// (connection refused, reset, timed out): for a test about serving, that is often the point.
pub async fn send(request: reqwest::RequestBuilder) -> Result<TestResponse, String> {
    let (client, request) = request.build_split();
    let request = request.map_err(|e| format!("the test built an invalid request: {e}"))?;
    let described = match request.url().query() {
        Some(query) => format!("{} {}?{query}", request.method(), request.url().path()),
        None => format!("{} {}", request.method(), request.url().path()),
    };
    let res = client
        .execute(request)
        .await
        .map_err(|e| format!("{described} got no answer: {}", error_chain(&e)))?;
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res
        .bytes()
        .await
        .map_err(|e| format!("{described}: the body broke off: {}", error_chain(&e)))?;
    Ok(TestResponse::from_parts(described, status, headers, body))
}

/// An error and its causes on one line: reqwest's own message rarely says what happened.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
