//! `GET /articles` lists the articles in shared state, filtered by `?published=` and `?tag=`.

use list_view::{AppState, app, sample_articles};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

fn client() -> TestClient {
    TestClient::new(app(AppState::new(sample_articles())))
}

/// The slugs of the articles in a successful list response, in order.
#[track_caller]
fn slugs(res: &TestResponse) -> Vec<String> {
    res.assert_status(StatusCode::OK).assert_json();
    let body = res.json();
    let Some(articles) = body.as_array() else {
        panic!(
            "{} should answer a JSON array of articles.\n{res:?}",
            res.request
        );
    };
    articles
        .iter()
        .map(|a| a["slug"].as_str().unwrap_or("<no slug>").to_owned())
        .collect()
}

#[tokio::test]
async fn no_filter_lists_every_article() {
    let res = client().get("/articles").await;
    assert_eq!(
        slugs(&res),
        ["async-views", "tokio-tasks", "async-orm", "extractors"],
        "without a query string, every article is listed, in the order of the state"
    );
    assert_response_snapshot!("all_articles", res);
}

#[tokio::test]
async fn published_true_keeps_only_published_articles() {
    let res = client().get("/articles?published=true").await;
    assert_eq!(
        slugs(&res),
        ["async-views", "tokio-tasks"],
        "?published=true"
    );
}

#[tokio::test]
async fn published_false_keeps_only_drafts() {
    let res = client().get("/articles?published=false").await;
    assert_eq!(slugs(&res), ["async-orm", "extractors"], "?published=false");
}

#[tokio::test]
async fn tag_keeps_articles_with_that_tag() {
    let res = client().get("/articles?tag=django").await;
    assert_eq!(slugs(&res), ["async-views", "async-orm"], "?tag=django");
}

#[tokio::test]
async fn filters_combine() {
    let res = client().get("/articles?published=true&tag=rust").await;
    assert_eq!(
        slugs(&res),
        ["async-views", "tokio-tasks"],
        "?published=true&tag=rust keeps articles that match both"
    );
    let res = client().get("/articles?published=false&tag=rust").await;
    assert_eq!(slugs(&res), ["extractors"], "?published=false&tag=rust");
}

#[tokio::test]
async fn an_unknown_tag_is_an_empty_list_not_an_error() {
    let res = client().get("/articles?tag=cobol").await;
    assert_eq!(
        slugs(&res),
        Vec::<String>::new(),
        "?tag=cobol matches nothing"
    );
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
