//! A JSON API over the database: pagination, detail, create with validation; input is data,
//! never SQL; a rejected request writes nothing.

use orm_json_api::app;
use testkit::db::sqlx::{self, AnyPool, any::AnyPoolOptions};
use testkit::db::{Backend, TestDb};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot, json};

fn client(db: &TestDb) -> TestClient {
    TestClient::new(app(db.pool().clone()))
}

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

/// A rejected request must leave the blog's five articles as they were.
async fn assert_nothing_written(db: &TestDb, request: &str) {
    let articles = db.count("articles").await;
    assert!(
        articles == 5,
        "after the rejected request {request}, the table holds {articles} articles instead \
         of 5: validate everything before the first write."
    );
}

#[tokio::test]
async fn the_first_page_of_articles() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles?per_page=2").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("first_page", res);
}

#[tokio::test]
async fn the_last_page_holds_what_is_left() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles?page=3&per_page=2").await;
    res.assert_status(StatusCode::OK);
    let body = res.json();
    let slugs: Vec<&str> = body["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|a| a["slug"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        slugs == ["streaming-rows"] && body["total"] == 5 && body["page"] == 3,
        "page 3 of 2 per page is the fifth article alone (streaming-rows), with total 5: \
         OFFSET is (page - 1) * per_page\n{res:?}"
    );
}

/// A pool on `db` that reads rows back in another order than they were inserted, as a
/// database may whenever it likes: SQLite is asked to reverse the order of every SELECT
/// without an ORDER BY, and on PostgreSQL updating the first two rows moves them to the end
/// of the table.
async fn rows_out_of_order(db: &TestDb) -> AnyPool {
    match db.backend() {
        Backend::Sqlite => {
            let options = AnyPoolOptions::new().after_connect(|connection, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA reverse_unordered_selects = ON")
                        .execute(connection)
                        .await
                        .map(drop)
                })
            });
            db.connect_with(options).await
        }
        Backend::Postgres => {
            db.run_sql("UPDATE articles SET views = views + 0 WHERE id <= 2")
                .await;
            db.pool().clone()
        }
    }
}

#[tokio::test]
async fn pages_follow_the_id_order_whatever_order_the_rows_are_stored_in() {
    let db = TestDb::seeded().await;
    let pool = rows_out_of_order(&db).await;
    let res = TestClient::new(app(pool)).get("/articles?per_page=2").await;
    res.assert_status(StatusCode::OK);
    let body = res.json();
    let slugs: Vec<&str> = body["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|a| a["slug"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        slugs == ["async-views", "tokio-tasks"],
        "page 1 should be the first two articles by id (async-views, tokio-tasks), got \
         {slugs:?} from a database that keeps its rows in another order. Without an ORDER BY \
         a database returns rows in whatever order is convenient for it, so LIMIT/OFFSET pages \
         can repeat or skip rows (Django's Paginator warns `UnorderedObjectListWarning` for \
         this). Add `ORDER BY id` before LIMIT."
    );
}

#[tokio::test]
async fn filtering_by_author() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles?author=grace").await;
    res.assert_status(StatusCode::OK);
    let body = res.json();
    assert!(
        body["total"] == 2 && body["items"].as_array().is_some_and(|a| a.len() == 2),
        "grace wrote two articles: total 2 and two items\n{res:?}"
    );
}

#[tokio::test]
async fn a_bad_page_is_a_json_400() {
    let db = TestDb::seeded().await;
    for uri in [
        "/articles?page=0",
        "/articles?per_page=0",
        "/articles?per_page=51",
        "/articles?page=abc",
        "/articles?page=-1",
    ] {
        let res = client(&db).get(uri).await;
        assert_error(&res, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test]
async fn an_article_by_its_slug_or_a_json_404() {
    let db = TestDb::seeded().await;
    let res = client(&db).get("/articles/async-orm").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(res.json()["title"], "The async ORM, with sqlx", "{res:?}");
    let res = client(&db).get("/articles/nope").await;
    assert_error(&res, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn create_answers_201_with_the_stored_article() {
    let db = TestDb::seeded().await;
    let res = client(&db)
        .post("/articles")
        .json(&json!({"slug": "pagination", "title": "Pages, not everything", "author": "ada"}))
        .await;
    res.assert_status(StatusCode::CREATED).assert_json();
    assert_response_snapshot!("created", res);
    let again = client(&db).get("/articles/pagination").await;
    again.assert_status(StatusCode::OK);
}

// ANCHOR: injection_stored
#[tokio::test]
async fn sql_in_a_title_is_stored_as_text() {
    let db = TestDb::seeded().await;
    let title = "Robert'); DROP TABLE articles; --";
    let res = client(&db)
        .post("/articles")
        .json(&json!({"slug": "little-bobby-tables", "title": title, "author": "xkcd"}))
        .await;
    res.assert_status(StatusCode::CREATED);
    let stored = client(&db).get("/articles/little-bobby-tables").await;
    stored.assert_status(StatusCode::OK);
    assert_eq!(
        stored.json()["title"],
        title,
        "the title is stored exactly as sent: it is data, whatever it looks like"
    );
    assert_eq!(
        db.count("articles").await,
        6,
        "and the table is still there"
    );
}
// ANCHOR_END: injection_stored

// ANCHOR: injection_filter
#[tokio::test]
async fn sql_in_a_filter_matches_nothing() {
    let db = TestDb::seeded().await;
    // ?author=ada' OR '1'='1
    let res = client(&db)
        .get("/articles?author=ada%27%20OR%20%271%27%3D%271")
        .await;
    res.assert_status(StatusCode::OK);
    let total = res.json()["total"].as_i64().unwrap_or(-1);
    let items = res.json()["items"].as_array().map_or(usize::MAX, Vec::len);
    // Both queries: the page's and the count's. Pasting the value into one of them is enough
    // to leak every row.
    assert!(
        total == 0 && items == 0,
        "no author is called `ada' OR '1'='1`, yet the filter matched {items} article(s) on \
         the page and {total} in the count: the value was pasted into the SQL, where \
         `OR '1'='1'` is true for every row. Bind it, in the page's query and in the \
         count's: `WHERE author = $1` with `.bind(author)`.\n{res:?}"
    );
}
// ANCHOR_END: injection_filter

#[tokio::test]
async fn an_invalid_article_is_a_json_422_and_writes_nothing() {
    let db = TestDb::seeded().await;
    for body in [
        json!({"slug": "x'; DROP TABLE articles; --", "title": "Injected", "author": "eve"}),
        json!({"slug": "Not A Slug", "title": "Spaces", "author": "eve"}),
        json!({"slug": "blank-title", "title": "   ", "author": "eve"}),
        json!({"slug": "no-author", "title": "Anonymous", "author": ""}),
    ] {
        let res = client(&db).post("/articles").json(&body).await;
        assert_error(&res, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert_nothing_written(&db, &format!("POST /articles {body}")).await;
    }
}

#[tokio::test]
async fn a_malformed_body_is_a_json_400_and_writes_nothing() {
    let db = TestDb::seeded().await;
    let res = client(&db)
        .post("/articles")
        .header("content-type", "application/json")
        .body("{\"slug\": \"half\", \"title\": ")
        .await;
    assert_error(&res, StatusCode::BAD_REQUEST, "bad_request");
    let res = client(&db)
        .post("/articles")
        .json(&json!({"slug": "no-title"}))
        .await;
    assert_error(&res, StatusCode::BAD_REQUEST, "bad_request");
    assert_nothing_written(&db, "POST /articles with a malformed body").await;
}

#[tokio::test]
async fn a_taken_slug_is_a_json_409_and_writes_nothing() {
    let db = TestDb::seeded().await;
    let res = client(&db)
        .post("/articles")
        .json(&json!({"slug": "async-orm", "title": "Again", "author": "grace"}))
        .await;
    assert!(
        res.status != StatusCode::INTERNAL_SERVER_ERROR,
        "a taken slug is the client's mistake, a 409 Conflict, not a 500: look for \
         `is_unique_violation()` on the database error.\n{res:?}"
    );
    assert_error(&res, StatusCode::CONFLICT, "conflict");
    assert_nothing_written(&db, "POST /articles with a taken slug").await;
}
