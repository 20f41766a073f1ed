//! `GET /articles/{slug}` and `GET /articles/{slug}/comments/{number}`, with JSON errors.

use detail_view::{AppState, app, sample_articles};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

fn client() -> TestClient {
    TestClient::new(app(AppState::new(sample_articles())))
}

/// Every error in the course has the body `{"error": code, "message": text}`.
#[track_caller]
fn assert_error(res: &TestResponse, status: StatusCode, code: &str) -> String {
    res.assert_status(status).assert_json();
    let body = res.json();
    assert_eq!(
        body["error"], code,
        "{} should answer {{\"error\": \"{code}\", \"message\": ...}}\n{res:?}",
        res.request
    );
    let fields = body.as_object().map(|o| o.len()).unwrap_or(0);
    assert_eq!(
        fields, 2,
        "an error body has exactly two fields, `error` and `message`\n{res:?}"
    );
    body["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn an_article_by_its_slug() {
    let res = client().get("/articles/tokio-tasks").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("article", res);
}

#[tokio::test]
async fn an_unknown_slug_is_a_json_404() {
    let res = client().get("/articles/no-such-article").await;
    let message = assert_error(&res, StatusCode::NOT_FOUND, "not_found");
    assert!(
        message.contains("no-such-article"),
        "the message should name the slug that was not found, got {message:?}"
    );
    assert_response_snapshot!("article_not_found", res, { ".body.message" => "[message]" });
}

#[tokio::test]
async fn a_comment_by_its_number_from_one() {
    let res = client().get("/articles/async-views/comments/1").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_eq!(
        res.json()["author"],
        "ada",
        "comment 1 is the first comment (ada's)\n{res:?}"
    );
    let res = client().get("/articles/async-views/comments/2").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(
        res.json()["author"],
        "grace",
        "comment 2 is grace's\n{res:?}"
    );
    assert_response_snapshot!("comment", res);
}

#[tokio::test]
async fn a_comment_number_past_the_end_is_a_json_404() {
    let res = client().get("/articles/tokio-tasks/comments/2").await;
    assert_error(&res, StatusCode::NOT_FOUND, "not_found");
    let res = client().get("/articles/async-orm/comments/1").await;
    assert_error(&res, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn comment_zero_is_a_json_404_not_a_crash() {
    let res = client().get("/articles/async-views/comments/0").await;
    assert_error(&res, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn comments_of_an_unknown_article_are_a_json_404() {
    let res = client().get("/articles/no-such-article/comments/1").await;
    let message = assert_error(&res, StatusCode::NOT_FOUND, "not_found");
    assert!(
        message.contains("no-such-article"),
        "the message should name the missing article, got {message:?}"
    );
}

#[tokio::test]
async fn a_comment_number_that_is_not_a_number_is_a_json_400() {
    let res = client().get("/articles/async-views/comments/first").await;
    assert_error(&res, StatusCode::BAD_REQUEST, "bad_request");
    assert_response_snapshot!("comment_bad_number", res, { ".body.message" => "[message]" });
}
