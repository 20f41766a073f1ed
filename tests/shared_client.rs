//! `GET /news` through one shared `reqwest::Client`, with upstream failures as JSON 502s.

use std::time::Duration;

use shared_client::{AppState, Config, app};
use testkit::upstream::{FakeUpstream, LoopbackUpstream, Reply, Service, Unreachable};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

/// The client's timeout in these tests: short enough for a quick slow-upstream test, long
/// enough that a fake answering at once never hits it on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(1);
/// How long a test waits for an answer before declaring the request unbounded. Far longer
/// than `TIMEOUT`, far shorter than the slow fake.
const TEST_PATIENCE: Duration = testkit::probe::PATIENCE;

fn client(news_url: String) -> TestClient {
    let state = AppState::new(Config {
        news_url,
        timeout: TIMEOUT,
    })
    .expect("AppState::new builds the client");
    TestClient::new(app(state))
}

/// Every upstream failure is `{"error": ..., "message": ...}`, and the message names the service.
#[track_caller]
fn assert_upstream_error(res: &TestResponse, status: StatusCode, code: &str) {
    res.assert_status(status).assert_json();
    let body = res.json();
    assert!(
        body["error"] == code,
        "{} should answer {{\"error\": \"{code}\", \"message\": ...}}\n{res:?}",
        res.request
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("news"),
        "the message should name the upstream that failed (\"news\"), got {message:?}\n{res:?}"
    );
}

#[tokio::test]
async fn headlines_come_from_the_news_service() {
    let news = FakeUpstream::answering_once(Service::News).await;
    let res = client(news.url()).get("/news").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("headlines", res);
}

#[tokio::test]
async fn a_5xx_from_the_news_service_is_a_502_that_names_it() {
    for code in [500, 503] {
        let news = FakeUpstream::start(Service::News).await;
        news.replies(Reply::status(code)).mount().await;
        let res = client(news.url()).get("/news").await;
        assert!(
            res.status != StatusCode::OK,
            "the news service answered {code}, and GET /news still answered 200 OK. reqwest \
             does not treat an error status as an error: check `response.status()` before \
             reading the body.\n{res:?}"
        );
        assert_upstream_error(&res, StatusCode::BAD_GATEWAY, "bad_gateway");
        let message = res.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains(&code.to_string()),
            "the news service answered {code}, so the message should say so, but it says \
             {message:?}. Check `response.status()` before parsing the body: an error's body \
             is not the JSON you expect (it may not be JSON at all).\n{res:?}"
        );
        if code == 503 {
            assert_response_snapshot!("news_503", res);
        }
    }
}

#[tokio::test]
async fn malformed_json_from_the_news_service_is_a_502() {
    let news = FakeUpstream::start(Service::News).await;
    news.replies(Reply::malformed_json()).mount().await;
    let res = client(news.url()).get("/news").await;
    assert_upstream_error(&res, StatusCode::BAD_GATEWAY, "bad_gateway");
    assert_response_snapshot!("news_malformed", res, { ".body.message" => "[message]" });
}

#[tokio::test]
async fn an_unreachable_news_service_is_a_502() {
    let down = Unreachable::new();
    let res = client(down.url()).get("/news").await;
    assert_upstream_error(&res, StatusCode::BAD_GATEWAY, "bad_gateway");
}

// ANCHOR: timeout
#[tokio::test]
async fn a_news_service_slower_than_the_timeout_is_a_504() {
    let news = FakeUpstream::start(Service::News).await;
    news.replies(Reply::ok().after(Duration::from_secs(30)))
        .mount()
        .await;
    let request = client(news.url()).get("/news");
    let Ok(res) = tokio::time::timeout(TEST_PATIENCE, request).await else {
        panic!(
            "GET /news was still waiting for the news service after {TEST_PATIENCE:?}, with a \
             timeout of {TIMEOUT:?} in the config. A reqwest client has no timeout unless you \
             give it one: build it with `reqwest::Client::builder().timeout(config.timeout)`."
        );
    };
    assert_upstream_error(&res, StatusCode::GATEWAY_TIMEOUT, "gateway_timeout");
    assert_response_snapshot!("news_timeout", res);
}
// ANCHOR_END: timeout

// ANCHOR: one_client
#[tokio::test]
async fn one_client_serves_every_request() {
    const REQUESTS: usize = 8;
    let news = LoopbackUpstream::builder(Service::News).start().await;
    let client = client(news.url());
    for _ in 0..REQUESTS {
        client
            .get("/news")
            .await
            .assert_status(StatusCode::OK)
            .assert_json();
    }
    let connections = news.connections();
    assert!(
        connections <= REQUESTS / 2,
        "{REQUESTS} requests to GET /news opened {connections} connections to the news \
         service: a new connection for every request, which is what a `reqwest::Client` built \
         inside the handler does. A client owns a connection pool; build it once in \
         `AppState::new`, keep it in the state, and use `state.http` in the handler (clones \
         share the pool)."
    );
}
// ANCHOR_END: one_client
