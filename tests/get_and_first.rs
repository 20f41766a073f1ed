//! `aget` and `afirst`: exactly one row or a distinct error for none and for several; the first
//! row in a stated order, or none.

use get_and_first::{app, first_published};
use testkit::db::TestDb;
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

fn client(db: &TestDb) -> TestClient {
    TestClient::new(app(db.pool().clone()))
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
    body["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn an_article_by_its_slug() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles/tokio-tasks").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("article", res);
}

#[tokio::test]
async fn an_unknown_slug_is_a_json_404() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles/no-such-article").await;
    let message = assert_error(&res, StatusCode::NOT_FOUND, "not_found");
    assert!(
        message.contains("no-such-article"),
        "the message should name the slug that was not found, got {message:?}"
    );
}

#[tokio::test]
async fn the_one_article_of_an_author() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/authors/linus/article").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_eq!(
        res.json()["slug"],
        "tokio-tasks",
        "linus wrote one article, tokio-tasks\n{res:?}"
    );
}

// ANCHOR: multiple
#[tokio::test]
async fn an_author_with_two_articles_is_a_json_500_not_a_guess() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/authors/ada/article").await;
    assert!(
        res.status != StatusCode::OK,
        "GET /authors/ada/article answered 200 with one of ada's two articles, picked without \
         a word: `fetch_one` returns the first of many rows. Django's `aget` raises \
         MultipleObjectsReturned instead: fetch up to two rows and check how many came back.\n\
         {res:?}"
    );
    assert_error(
        &res,
        StatusCode::INTERNAL_SERVER_ERROR,
        "multiple_objects_returned",
    );
    assert_response_snapshot!("multiple_objects_returned", res, { ".body.message" => "[message]" });
}
// ANCHOR_END: multiple

#[tokio::test]
async fn an_author_with_no_articles_is_a_json_404() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/authors/nobody/article").await;
    assert!(
        res.status != StatusCode::INTERNAL_SERVER_ERROR,
        "GET /authors/nobody/article answered 500: no row is `DoesNotExist` (a 404), not a \
         database failure. `fetch_one` reports it as `sqlx::Error::RowNotFound`; fetch the rows \
         and count them instead.\n{res:?}"
    );
    assert_error(&res, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_database_failure_is_a_json_500_that_hides_the_sql() {
    let db = TestDb::seeded().await;
    db.run_sql("ALTER TABLE articles RENAME TO articles_gone")
        .await;
    let res = client(&db).get("/articles/tokio-tasks").await;
    assert_error(&res, StatusCode::INTERNAL_SERVER_ERROR, "database_error");
    assert!(
        !res.text().contains("articles"),
        "the error body should not show the database's own message (table names, SQL) to \
         the client\n{res:?}"
    );
}

#[tokio::test]
async fn first_published_is_the_earliest_publication_date() {
    let db = TestDb::seeded().await;
    // Inserted last (the highest id), published first.
    db.run_sql(
        "INSERT INTO articles (slug, title, author, status, published_on) \
         VALUES ('hello-sqlx', 'Hello, sqlx', 'grace', 'published', '2025-12-24')",
    )
    .await;
    let res = client(&db).get("/first-published").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert!(
        res.json()["slug"] == "hello-sqlx",
        "the first published article is the one with the earliest `published_on`, \
         hello-sqlx (2025-12-24). Without ORDER BY the database answers rows in whatever \
         order it likes, usually by id.\n{res:?}"
    );
}

#[tokio::test]
async fn first_published_skips_drafts() {
    let db = TestDb::seeded().await;
    db.run_sql("UPDATE articles SET status = 'draft' WHERE slug = 'async-views'")
        .await;
    let res = client(&db).get("/first-published").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(
        res.json()["slug"],
        "tokio-tasks",
        "with async-views back to draft, the first published article is tokio-tasks\n{res:?}"
    );
    assert_response_snapshot!("first_published", res);
}

#[tokio::test]
async fn first_published_on_an_empty_table_is_none() {
    let db = TestDb::migrated().await;
    let first = first_published(db.pool()).await;
    assert!(
        matches!(first, Ok(None)),
        "with no articles at all, first_published is Ok(None), like Django's afirst() \
         returning None; got {first:?}"
    );
    let res = client(&db).get("/first-published").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_eq!(res.text(), "null", "no first article is answered as `null`");
}
