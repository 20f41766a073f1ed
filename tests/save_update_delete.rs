//! `asave`, `adelete`, and bulk `aupdate`/`adelete`: each one statement, each answering what it
//! changed.

use save_update_delete::{
    NewArticle, create_article, delete_article, delete_unread_drafts, publish_drafts_of,
    rename_article,
};
use testkit::assert_json_snapshot;
use testkit::db::sqlx;
use testkit::db::{QueryLog, TestDb};

fn new_article(slug: &str) -> NewArticle {
    NewArticle {
        slug: slug.to_owned(),
        title: "Bulk updates, one statement".to_owned(),
        author: "grace".to_owned(),
    }
}

async fn title_of(db: &TestDb, id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT title FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
        .unwrap_or_else(|e| panic!("reading article {id} back failed: {e}"))
}

/// Fails unless the code ran exactly one statement.
#[track_caller]
fn assert_one_statement(log: &QueryLog, call: &str, django: &str) {
    let statements = log.statements();
    assert!(
        statements.len() == 1,
        "{call} ran {} statements; `{django}` is ONE statement with a WHERE clause, whatever \
         the number of rows, not a query per row.\nStatements:\n{}",
        statements.len(),
        log.describe(),
    );
}

#[tokio::test]
async fn create_answers_the_saved_row_with_its_new_id_and_defaults() {
    let db = TestDb::seeded().await;
    let article = match create_article(db.pool(), &new_article("bulk-updates")).await {
        Ok(article) => article,
        Err(e) => panic!("create_article failed: {e}"),
    };
    assert_eq!(
        db.count("articles").await,
        6,
        "one more article in the table"
    );
    assert_json_snapshot!("created", article);
}

#[tokio::test]
async fn create_with_a_slug_that_exists_fails_and_saves_nothing() {
    let db = TestDb::seeded().await;
    let result = create_article(db.pool(), &new_article("async-orm")).await;
    let unique_violation = matches!(
        &result,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation()
    );
    assert!(
        unique_violation,
        "the slug async-orm is taken: the INSERT should fail with the database's unique \
         violation, got {result:?}"
    );
    assert_eq!(db.count("articles").await, 5, "nothing was saved");
}

#[tokio::test]
async fn rename_changes_that_article_only() {
    let db = TestDb::seeded().await;
    let renamed = rename_article(db.pool(), 2, "Tasks are cheap").await;
    assert!(
        matches!(renamed, Ok(true)),
        "article 2 exists: rename_article answers Ok(true), got {renamed:?}"
    );
    assert_eq!(title_of(&db, 2).await.as_deref(), Some("Tasks are cheap"));
    assert_eq!(
        title_of(&db, 3).await.as_deref(),
        Some("The async ORM, with sqlx"),
        "the other articles keep their titles: did the UPDATE forget its WHERE?"
    );
}

#[tokio::test]
async fn rename_of_a_missing_article_is_false() {
    let db = TestDb::seeded().await;
    let renamed = rename_article(db.pool(), 99, "Nobody").await;
    assert!(
        matches!(renamed, Ok(false)),
        "no article has id 99: an UPDATE that matches nothing changes 0 rows, and \
         rename_article answers Ok(false); got {renamed:?}. `rows_affected()` says how many."
    );
}

#[tokio::test]
async fn delete_removes_the_article_and_its_reviews() {
    let db = TestDb::seeded().await;
    let deleted = delete_article(db.pool(), 1).await;
    assert!(matches!(deleted, Ok(true)), "got {deleted:?}");
    let articles = db.count("articles").await;
    assert!(
        articles == 4,
        "delete_article(pool, 1) answered {deleted:?}, yet the blog still holds {articles} \
         articles, not 4: the DELETE never reached the database. A query is sent when its \
         future is awaited (`.execute(pool).await?`); an un-awaited one does nothing, like an \
         `adelete()` without `await`. Answer `rows_affected() == 1`, not a constant."
    );
    assert_eq!(
        db.count("reviews").await,
        3,
        "article 1's three reviews went with it (ON DELETE CASCADE)"
    );
    let again = delete_article(db.pool(), 1).await;
    assert!(
        matches!(again, Ok(false)),
        "deleting it a second time finds nothing: Ok(false), got {again:?}"
    );
}

// ANCHOR: bulk_test
#[tokio::test]
async fn publish_drafts_of_is_one_update_that_counts_its_rows() {
    let db = TestDb::seeded().await;
    db.run_sql(
        "INSERT INTO articles (slug, title, author) VALUES ('ada-2', 'Second draft', 'ada')",
    )
    .await;
    let log = db.query_log().await;
    let published = publish_drafts_of(log.pool(), "ada", "2026-04-01").await;
    assert!(
        matches!(published, Ok(2)),
        "ada has two drafts: publish_drafts_of answers 2, got {published:?}"
    );
    assert_one_statement(&log, "publish_drafts_of", "filter(...).aupdate(...)");
    drop(log);
    let still_draft: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE status = 'draft'")
            .fetch_one(db.pool())
            .await
            .unwrap_or(-1);
    assert_eq!(still_draft, 1, "grace's draft stays a draft");
}
// ANCHOR_END: bulk_test

#[tokio::test]
async fn delete_unread_drafts_is_one_delete_that_counts_its_rows() {
    let db = TestDb::seeded().await;
    db.run_sql("UPDATE articles SET views = 3 WHERE slug = 'streaming-rows'")
        .await;
    let log = db.query_log().await;
    let deleted = delete_unread_drafts(log.pool()).await;
    assert!(
        matches!(deleted, Ok(1)),
        "one draft has no views (pool-sizing): delete_unread_drafts answers 1, got {deleted:?}"
    );
    assert_one_statement(&log, "delete_unread_drafts", "filter(...).adelete()");
    drop(log);
    assert_eq!(db.count("articles").await, 4);
}
