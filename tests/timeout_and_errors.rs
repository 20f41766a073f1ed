//! Timeouts and error mapping, tested over a real connection: a slow handler is a JSON 504,
//! not a hung connection; a panic is a JSON 500, not a dropped one; the server keeps serving.

use std::time::Duration;

use testkit::middleware::{FetchError, fetch, silence_expected_panics};
use testkit::{StatusCode, TestResponse, TestServer, assert_response_snapshot};
use timeout_and_errors::{PANIC_MESSAGE, app};

/// The app's own limit in the timeout test: short, since `/slow` never finishes anyway.
const SHORT_TIMEOUT: Duration = Duration::from_millis(200);
/// The app's limit where nothing should time out, even on a very busy machine.
const LONG_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the test waits for an answer before calling the connection hung: far above the
/// 200 ms limit, and well under the runner's 10 s per-test limit, so the learner reads this
/// test's sentence rather than "stopped after 10 s".
const CLIENT_PATIENCE: Duration = testkit::probe::PATIENCE;

/// `GET path`, failing the test with an explanation if no response came back at all.
#[track_caller]
fn answered(path: &str, result: Result<TestResponse, FetchError>) -> TestResponse {
    match result {
        Ok(res) => res,
        Err(FetchError::NoAnswerWithin(limit)) => panic!(
            "GET {path} got no answer within {:.0} s: the connection hung, the way it does \
             when a handler never finishes and nothing limits it. Put a timeout around the \
             handlers: tower's `TimeoutLayer` (with `HandleErrorLayer` to answer its error), \
             or a middleware using `tokio::time::timeout`.",
            limit.as_secs_f64()
        ),
        Err(FetchError::Failed(reason)) => panic!(
            "GET {path} got no answer: {reason}.\nThe connection closed without a response: \
             the handler panicked, and nothing caught it, so the task serving the connection \
             died. Add tower-http's `CatchPanicLayer` to turn a panic into a 500."
        ),
    }
}

/// Fails, saying which layer answers that way, unless `res` is a JSON error `code`.
#[track_caller]
fn assert_json_error(res: &TestResponse, status: StatusCode, code: &str, bare_answer: &str) {
    res.assert_status_because(status, bare_answer);
    let is_json = res
        .content_type()
        .is_some_and(|c| c.starts_with("application/json"));
    assert!(
        is_json,
        "{} answered {} with {}, not the course's JSON error. {bare_answer}\n{res:?}",
        res.request,
        res.status,
        if res.body.is_empty() {
            "an empty body".to_owned()
        } else {
            format!("the body {:?}", res.text())
        },
    );
    res.assert_json();
    assert!(
        res.json()["error"] == code,
        "{} should answer {{\"error\": \"{code}\", \"message\": ...}}\n{res:?}",
        res.request
    );
}

#[tokio::test]
async fn a_fast_handler_is_answered_as_usual() {
    let server = TestServer::start(app(LONG_TIMEOUT)).await;
    let res = answered("/fast", fetch(&server, "/fast", CLIENT_PATIENCE).await);
    res.assert_status(StatusCode::OK).assert_json();
}

// ANCHOR: timeout_test
#[tokio::test]
async fn a_slow_handler_becomes_a_json_504() {
    let server = TestServer::start(app(SHORT_TIMEOUT)).await;
    let res = answered("/slow", fetch(&server, "/slow", CLIENT_PATIENCE).await);
    assert_json_error(
        &res,
        StatusCode::GATEWAY_TIMEOUT,
        "timeout",
        "tower-http's `TimeoutLayer` answers a bare status (408, unless told otherwise) with \
         an empty body; tower's `TimeoutLayer` fails with an error that `HandleErrorLayer` \
         can turn into `ApiError::timeout()`, a JSON 504.",
    );
    assert_response_snapshot!("timeout", res);
}
// ANCHOR_END: timeout_test

#[tokio::test]
async fn a_panicking_handler_becomes_a_json_500() {
    silence_expected_panics(PANIC_MESSAGE);
    let server = TestServer::start(app(LONG_TIMEOUT)).await;
    let res = answered("/panic", fetch(&server, "/panic", CLIENT_PATIENCE).await);
    assert_json_error(
        &res,
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "`CatchPanicLayer::new()` answers plain text; `CatchPanicLayer::custom(panic_response)` \
         lets you answer `ApiError::internal()`.",
    );
    assert!(
        !res.text().contains("deliberate panic"),
        "the 500 tells the client what the panic said. A panic message is for the server's \
         log (the panic hook already wrote it to stderr); the client gets a generic message.\n{res:?}"
    );
    assert_response_snapshot!("panic", res);
}

// ANCHOR: keeps_serving
#[tokio::test]
async fn the_server_keeps_serving_after_panics() {
    silence_expected_panics(PANIC_MESSAGE);
    let server = TestServer::start(app(LONG_TIMEOUT)).await;
    for _ in 0..3 {
        let res = answered("/panic", fetch(&server, "/panic", CLIENT_PATIENCE).await);
        res.assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    let res = answered("/fast", fetch(&server, "/fast", CLIENT_PATIENCE).await);
    res.assert_status(StatusCode::OK).assert_json();
}
// ANCHOR_END: keeps_serving
