//! A transaction: all of the work is visible, or none of it.

use testkit::db::TestDb;
use testkit::db::sqlx;
use testkit::probe::PATIENCE;
use transactions::{NewArticle, publish_with_tags};

fn new_article(slug: &str) -> NewArticle {
    NewArticle {
        slug: slug.to_owned(),
        title: "All or nothing".to_owned(),
        author: "grace".to_owned(),
    }
}

/// `publish_with_tags`, given [`PATIENCE`] to return. A statement sent on the pool while the
/// transaction is open runs on another connection. On SQLite it waits for the table lock the
/// transaction holds, and the transaction waits for it: neither ever ends, so the test says so
/// before the runner's limit does. (On PostgreSQL it fails at once instead: the other
/// connection cannot see the article the transaction inserted, and the foreign key refuses.)
async fn publish(db: &TestDb, slug: &str, tags: &[&str], on: &str) -> Result<i64, sqlx::Error> {
    let article = new_article(slug);
    let publishing = publish_with_tags(db.pool(), &article, tags, on);
    match tokio::time::timeout(PATIENCE, publishing).await {
        Ok(result) => result,
        Err(_) => panic!(
            "publish_with_tags({slug:?}, {tags:?}) had not returned after {PATIENCE:?}: it \
             waits for a lock its own transaction holds. A statement run on the pool \
             (`.execute(pool)`) while the transaction is open takes another connection, which \
             must wait until the transaction ends, and the transaction waits for it. Run every \
             statement on the transaction: `.execute(&mut *tx)`, `.fetch_one(&mut *tx)`."
        ),
    }
}

async fn tags_of(db: &TestDb, article_id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id \
         WHERE at.article_id = $1 ORDER BY t.name",
    )
    .bind(article_id)
    .fetch_all(db.pool())
    .await
    .unwrap_or_else(|e| panic!("reading the tags of article {article_id} failed: {e}"))
}

/// What the blog holds before the test: 5 articles, 3 tags, 6 tag links.
async fn assert_untouched(db: &TestDb, what_failed: &str) {
    let counts = (
        db.count("articles").await,
        db.count("tags").await,
        db.count("article_tags").await,
    );
    assert!(
        counts == (5, 3, 6),
        "{what_failed}, yet the database changed: (articles, tags, tag links) went from \
         (5, 3, 6) to {counts:?}. The statements before the failure were committed one by one. \
         Run every statement on one transaction (`pool.begin()`, then `.execute(&mut *tx)`, \
         not `.execute(pool)`), so that an error rolls all of them back."
    );
}

#[tokio::test]
async fn publishing_stores_the_article_and_its_tags() {
    let db = TestDb::seeded().await;
    let published = publish(&db, "all-or-nothing", &["rust", "sql"], "2026-04-01").await;
    let id = match published {
        Ok(id) => id,
        Err(e) => panic!(
            "publish_with_tags failed: {e}\nThe article, its two tags and their links are \
             valid, so every statement should succeed. A foreign key error on `article_tags` \
             means the link was written where the new article is not visible yet: on the pool \
             (another connection), outside the transaction that inserted it. Run every \
             statement on the transaction: `.execute(&mut *tx)`, `.fetch_one(&mut *tx)`."
        ),
    };
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, published_on FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await
            .unwrap_or(None);
    assert!(
        found.is_some(),
        "publish_with_tags answered Ok({id}), but article {id} is not in the database. A \
         transaction that is dropped without `tx.commit().await?` is rolled back."
    );
    assert_eq!(
        found,
        Some(("published".to_owned(), Some("2026-04-01".to_owned()))),
        "the article is published on the given date"
    );
    assert_eq!(
        tags_of(&db, id).await,
        ["rust", "sql"],
        "the article has its two tags"
    );
    assert_eq!(
        db.count("tags").await,
        4,
        "rust existed and was reused; sql is new"
    );
}

// ANCHOR: rollback
#[tokio::test]
async fn a_bad_tag_midway_leaves_nothing_half_written() {
    let db = TestDb::seeded().await;
    let too_long = "t".repeat(31); // tags are 1 to 30 characters: a CHECK constraint
    let result = publish(
        &db,
        "half-written",
        &["sqlx", "transactions", &too_long],
        "2026-04-01",
    )
    .await;
    assert!(
        result.is_err(),
        "the third tag is too long for the database: publish_with_tags should answer an \
         Err, got {result:?}"
    );
    assert_untouched(&db, "publish_with_tags failed on its third tag").await;
}
// ANCHOR_END: rollback

#[tokio::test]
async fn a_taken_slug_fails_before_anything_is_written() {
    let db = TestDb::seeded().await;
    let result = publish(&db, "async-orm", &["new-tag"], "2026-04-01").await;
    assert!(
        result.is_err(),
        "the slug async-orm is taken: publish_with_tags should answer an Err, got {result:?}"
    );
    assert_untouched(&db, "publish_with_tags failed on a taken slug").await;
}

#[tokio::test]
async fn after_a_failure_the_pool_still_works() {
    let db = TestDb::seeded().await;
    let too_long = "t".repeat(31);
    let failed = publish(&db, "first-try", &[&too_long], "2026-04-01").await;
    assert!(failed.is_err(), "got {failed:?}");
    let retried = publish(&db, "first-try", &["retry"], "2026-04-02").await;
    assert!(
        retried.is_ok(),
        "after a failed, rolled-back attempt the same article can be published: got {retried:?}"
    );
}
