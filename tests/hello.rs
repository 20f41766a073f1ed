//! `GET /hello` answers a JSON greeting.

use testkit::{StatusCode, TestClient, assert_response_snapshot};

fn client() -> TestClient {
    TestClient::new(hello::app())
}

#[tokio::test]
async fn hello_answers_200_ok() {
    let res = client().get("/hello").await;
    res.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn hello_answers_json() {
    let res = client().get("/hello").await;
    res.assert_json();
}

#[tokio::test]
async fn hello_says_hello_async_world() {
    let res = client().get("/hello").await;
    assert_response_snapshot!("greeting", res);
}
