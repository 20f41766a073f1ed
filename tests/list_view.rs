//! `GET /articles` lists the articles in shared state, filtered by `?published=` and `?tag=`.

use list_view::{AppState, app, sample_articles};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

fn client() -> TestClient {
    TestClient::new(app(AppState::new(sample_articles())))
}

/// Fails unless `GET uri` lists exactly the articles `expected`, in order.
async fn assert_lists(uri: &str, expected: &[&str]) -> TestResponse {
    let res = client().get(uri).await;
    res.assert_status(StatusCode::OK).assert_json();
    let body = res.json();
    let Some(articles) = body.as_array() else {
        panic!("{uri} should answer a JSON array of articles.\n{res:?}");
    };
    let slugs: Vec<&str> = articles
        .iter()
        .map(|a| a["slug"].as_str().unwrap_or("<no slug>"))
        .collect();
    assert!(
        slugs == expected,
        "GET {uri} listed {slugs:?}, expected {expected:?}.\n\
         Each query parameter that is present must match; absent ones do not filter."
    );
    res
}

#[tokio::test]
async fn no_filter_lists_every_article() {
    let res = assert_lists(
        "/articles",
        &["async-views", "tokio-tasks", "async-orm", "extractors"],
    )
    .await;
    assert_response_snapshot!("all_articles", res);
}

#[tokio::test]
async fn published_true_keeps_only_published_articles() {
    assert_lists("/articles?published=true", &["async-views", "tokio-tasks"]).await;
}

#[tokio::test]
async fn published_false_keeps_only_drafts() {
    assert_lists("/articles?published=false", &["async-orm", "extractors"]).await;
}

#[tokio::test]
async fn tag_keeps_articles_with_that_tag() {
    assert_lists("/articles?tag=django", &["async-views", "async-orm"]).await;
}

#[tokio::test]
async fn filters_combine() {
    assert_lists(
        "/articles?published=true&tag=rust",
        &["async-views", "tokio-tasks"],
    )
    .await;
    assert_lists("/articles?published=false&tag=rust", &["extractors"]).await;
}

#[tokio::test]
async fn an_unknown_tag_is_an_empty_list_not_an_error() {
    assert_lists("/articles?tag=cobol", &[]).await;
}

#[tokio::test]
async fn an_invalid_query_value_is_a_json_400() {
    let res = client().get("/articles?published=maybe").await;
    res.assert_status(StatusCode::BAD_REQUEST).assert_json();
    let body = res.json();
    assert_eq!(
        body["error"], "invalid_query",
        "the error body should be {{\"error\": \"invalid_query\", \"message\": ...}}\n{res:?}"
    );
    let message = body["message"].as_str().unwrap_or("");
    assert!(
        message.contains("published"),
        "the message should say which parameter was wrong (`published`), got {message:?}"
    );
    assert_response_snapshot!("invalid_query", res, { ".body.message" => "[message]" });
}
