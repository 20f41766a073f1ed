//! `POST /articles`: good input is stored; every kind of bad input is a JSON error with its own
//! status, and nothing is stored.

use input_validation::{AppState, BODY_LIMIT, MAX_TITLE_CHARS, app};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot, json};

fn client() -> TestClient {
    TestClient::new(app(AppState::default()))
}

/// Fails unless `res` is the JSON error `code` with `status`.
#[track_caller]
fn assert_error(res: &TestResponse, status: StatusCode, code: &str) {
    res.assert_status(status).assert_json();
    assert_eq!(
        res.json()["error"],
        code,
        "{} should answer {{\"error\": \"{code}\", \"message\": ...}}\n{res:?}",
        res.request
    );
}

/// Fails if any article was stored.
async fn assert_nothing_stored(client: &TestClient, after: &str) {
    let res = client.get("/articles").await;
    res.assert_status(StatusCode::OK);
    let stored = res.json().as_array().map(Vec::len).unwrap_or(0);
    assert!(
        stored == 0,
        "after {after}, {stored} article(s) were stored. Check and validate everything before \
         inserting: a rejected request must leave nothing behind.\n{res:?}"
    );
}

#[tokio::test]
async fn a_valid_article_is_created_with_201_and_a_location() {
    let client = client();
    let res = client
        .post("/articles")
        .json(&json!({"title": "  Async views  ", "body": "Hello", "tags": ["rust"]}))
        .await;
    res.assert_status(StatusCode::CREATED).assert_json();
    assert_eq!(
        res.header("location"),
        Some("/articles/1"),
        "a 201 says where the new article lives: `Location: /articles/1`\n{res:?}"
    );
    assert_response_snapshot!("created", res, headers = ["location"]);

    let listed = client.get("/articles").await.json();
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "the article is stored"
    );
}

#[tokio::test]
async fn tags_may_be_left_out() {
    let res = client()
        .post("/articles")
        .json(&json!({"title": "No tags", "body": ""}))
        .await;
    res.assert_status(StatusCode::CREATED);
    assert_eq!(
        res.json()["tags"],
        json!([]),
        "missing tags become []\n{res:?}"
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let client = client();
    let res = client
        .post("/articles")
        .header("content-type", "application/json")
        .body(r#"{"title": "Unclosed", "body": "#)
        .await;
    assert_error(&res, StatusCode::BAD_REQUEST, "malformed_json");
    assert_response_snapshot!("malformed_json", res, { ".body.message" => "[message]" });
    assert_nothing_stored(&client, "malformed JSON").await;
}

#[tokio::test]
async fn a_missing_field_is_422() {
    let client = client();
    let res = client
        .post("/articles")
        .json(&json!({"title": "No body"}))
        .await;
    assert_error(&res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
    let message = res.json()["message"].as_str().unwrap_or("").to_owned();
    assert!(
        message.contains("body"),
        "the message should name the missing field `body`, got {message:?}"
    );
    assert_response_snapshot!("missing_field", res, { ".body.message" => "[message]" });
    assert_nothing_stored(&client, "a missing field").await;
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_422() {
    let client = client();
    let res = client
        .post("/articles")
        .json(&json!({"title": 42, "body": "Numbers are not titles"}))
        .await;
    assert_error(&res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
    assert_nothing_stored(&client, "a wrongly typed field").await;
}

#[tokio::test]
async fn a_blank_title_is_422_validation_failed() {
    let client = client();
    let res = client
        .post("/articles")
        .json(&json!({"title": "   ", "body": "Only spaces above"}))
        .await;
    assert_error(&res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_response_snapshot!("blank_title", res);
    assert_nothing_stored(&client, "a blank title").await;
}

#[tokio::test]
async fn a_title_over_the_limit_is_422_validation_failed() {
    let client = client();
    let title = "x".repeat(MAX_TITLE_CHARS + 1);
    let res = client
        .post("/articles")
        .json(&json!({"title": title, "body": ""}))
        .await;
    assert_error(&res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_nothing_stored(&client, "a title that is too long").await;
}

#[tokio::test]
async fn the_title_limit_counts_characters_not_bytes() {
    let client = client();
    // "é" is one character and two bytes in UTF-8: this title is at the limit, not over it.
    let title = "é".repeat(MAX_TITLE_CHARS);
    let res = client
        .post("/articles")
        .json(&json!({"title": title, "body": ""}))
        .await;
    assert!(
        res.status == StatusCode::CREATED,
        "a title of {MAX_TITLE_CHARS} characters, each an \"é\" (two bytes in UTF-8), was \
         answered {} instead of 201 Created: the limit was counted in bytes. `str::len()` \
         counts bytes; count characters with `.chars().count()`, as Django's `max_length` \
         does.\n{res:?}",
        res.status
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let client = client();
    let res = client
        .post("/articles")
        .json(&json!({"title": "Long", "body": "x".repeat(BODY_LIMIT)}))
        .await;
    assert_error(&res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert_response_snapshot!("too_large", res, { ".body.message" => "[message]" });
    assert_nothing_stored(&client, "a body over the limit").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let client = client();
    let res = client
        .post("/articles")
        .header("content-type", "text/plain")
        .body(r#"{"title": "Plain", "body": "text"}"#)
        .await;
    assert_error(
        &res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_response_snapshot!("not_json", res, { ".body.message" => "[message]" });

    let res = client
        .post("/articles")
        .body(r#"{"title": "No content type", "body": "at all"}"#)
        .await;
    assert_error(
        &res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_nothing_stored(&client, "a body that is not JSON").await;
}
