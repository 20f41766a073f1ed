//! `aexists` and `acount`: right answers, from one statement that returns one row.

use exists_and_count::{count_articles, count_views, has_been_viewed};
use testkit::db::{QueryLog, TestDb};

/// Page views spread over articles 1, 2 and 3: 1,666 for article 1, 1,667 for the others.
const PAGE_VIEWS: i64 = 5_000;

async fn blog_with_page_views() -> TestDb {
    let db = TestDb::seeded().await;
    db.add_page_views(PAGE_VIEWS).await;
    db
}

/// Fails unless the code ran one statement that returned at most one row.
#[track_caller]
fn assert_one_small_statement(log: &QueryLog, call: &str, django: &str) {
    let statements = log.statements();
    let returned: u64 = statements.iter().map(|s| s.rows_returned).sum();
    assert!(
        statements.len() == 1 && returned <= 1,
        "{call} ran {} statement(s) that returned {returned} row(s) in all; `{django}` asks the \
         database one question and gets at most one row back, whatever the size of the table. \
         Let the database count (COUNT(*)) or stop at the first match (LIMIT 1) instead of \
         loading rows into Rust.\nStatements:\n{}",
        statements.len(),
        log.describe(),
    );
}

#[tokio::test]
async fn count_views_counts_one_articles_page_views() {
    let db = blog_with_page_views().await;
    let counts = (
        count_views(db.pool(), 1).await,
        count_views(db.pool(), 3).await,
    );
    assert!(
        matches!(counts, (Ok(1666), Ok(1667))),
        "articles 1 and 3 have 1666 and 1667 page views, got {counts:?}"
    );
}

#[tokio::test]
async fn count_views_of_an_article_nobody_read_is_zero() {
    let db = blog_with_page_views().await;
    let count = count_views(db.pool(), 5).await;
    assert!(
        matches!(count, Ok(0)),
        "article 5 has no page views: the count is 0, not an error; got {count:?}"
    );
}

// ANCHOR: count_test
#[tokio::test]
async fn count_views_asks_the_database_to_count() {
    let db = blog_with_page_views().await;
    let log = db.query_log().await;
    let count = count_views(log.pool(), 1).await;
    assert!(matches!(count, Ok(1666)), "got {count:?}");
    assert_one_small_statement(&log, "count_views(pool, 1)", "acount()");
}
// ANCHOR_END: count_test

#[tokio::test]
async fn has_been_viewed_is_true_only_for_articles_with_page_views() {
    let db = blog_with_page_views().await;
    let answers = (
        has_been_viewed(db.pool(), 2).await,
        has_been_viewed(db.pool(), 4).await,
    );
    assert!(
        matches!(answers, (Ok(true), Ok(false))),
        "article 2 has page views and article 4 has none: expected (true, false), got {answers:?}"
    );
}

#[tokio::test]
async fn has_been_viewed_stops_at_the_first_match() {
    let db = blog_with_page_views().await;
    let log = db.query_log().await;
    let answer = has_been_viewed(log.pool(), 1).await;
    assert!(matches!(answer, Ok(true)), "got {answer:?}");
    assert_one_small_statement(&log, "has_been_viewed(pool, 1)", "aexists()");
    let counted = log
        .statements()
        .iter()
        .any(|s| s.sql.to_uppercase().contains("COUNT("));
    assert!(
        !counted,
        "has_been_viewed counted every matching row to answer yes or no. Like Django's \
         `aexists()` (and unlike `acount() > 0`), stop at the first match: \
         SELECT 1 ... LIMIT 1.\nStatements:\n{}",
        log.describe()
    );
}

#[tokio::test]
async fn count_articles_with_and_without_a_status() {
    let db = TestDb::seeded().await;
    let counts = (
        count_articles(db.pool(), None).await,
        count_articles(db.pool(), Some("published")).await,
        count_articles(db.pool(), Some("draft")).await,
        count_articles(db.pool(), Some("archived")).await,
    );
    assert!(
        matches!(counts, (Ok(5), Ok(3), Ok(2), Ok(0))),
        "the blog has 5 articles: 3 published, 2 drafts, none archived. Expected \
         (5, 3, 2, 0) for None, published, draft and archived, got {counts:?}"
    );
}

#[tokio::test]
async fn count_articles_asks_the_database_to_count() {
    let db = TestDb::seeded().await;
    let log = db.query_log().await;
    let count = count_articles(log.pool(), Some("published")).await;
    assert!(matches!(count, Ok(3)), "got {count:?}");
    assert_one_small_statement(
        &log,
        "count_articles(pool, Some(\"published\"))",
        "acount()",
    );
}

#[tokio::test]
async fn counting_an_empty_table_is_zero() {
    let db = TestDb::migrated().await;
    let answers = (
        count_articles(db.pool(), None).await,
        count_views(db.pool(), 1).await,
        has_been_viewed(db.pool(), 1).await,
    );
    assert!(
        matches!(answers, (Ok(0), Ok(0), Ok(false))),
        "with no rows at all: 0 articles, 0 views, not viewed; got {answers:?}"
    );
}
