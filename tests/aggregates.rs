//! `aaggregate` and `annotate`: computed by the database, NULL (not 0) when there is nothing.

use aggregates::{RatingSummary, rating_summary, ratings_by_author};
use testkit::assert_json_snapshot;
use testkit::db::TestDb;

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn the_summary_of_an_article_with_reviews() {
    let db = TestDb::seeded().await;
    let summary = rating_summary(db.pool(), 1).await;
    let right = matches!(
        &summary,
        Ok(s) if s.reviews == 3 && close(s.average, 13.0 / 3.0) && s.best == Some(5.0)
    );
    assert!(
        right,
        "article 1 has three reviews, 5, 4 and 4: expected 3 reviews, an average of 4.333... \
         and a best of 5, got {summary:?}"
    );
}

// ANCHOR: null_test
#[tokio::test]
async fn an_article_with_no_reviews_has_no_average() {
    let db = TestDb::seeded().await;
    let summary = rating_summary(db.pool(), 4).await;
    let expected = RatingSummary {
        reviews: 0,
        average: None,
        best: None,
    };
    assert!(
        matches!(&summary, Ok(s) if *s == expected),
        "article 4 has no reviews: 0 reviews, and NO average and NO best (None), because AVG \
         and MAX over no rows are NULL. An average of 0.0 would claim someone gave it 0 \
         stars. Expected Ok({expected:?}), got {summary:?}"
    );
}
// ANCHOR_END: null_test

#[tokio::test]
async fn the_database_computes_the_summary_in_one_row() {
    let db = TestDb::seeded().await;
    let log = db.query_log().await;
    let summary = rating_summary(log.pool(), 1).await;
    assert!(summary.is_ok(), "got {summary:?}");
    let statements = log.statements();
    let returned: u64 = statements.iter().map(|s| s.rows_returned).sum();
    assert!(
        statements.len() == 1 && returned == 1,
        "rating_summary ran {} statement(s) returning {returned} row(s): the reviews were \
         loaded and added up in Rust. `aaggregate` asks the database for COUNT, AVG and MAX \
         and gets one row back.\nStatements:\n{}",
        statements.len(),
        log.describe()
    );
}

#[tokio::test]
async fn ratings_by_author_keeps_authors_nobody_reviewed() {
    let db = TestDb::seeded().await;
    db.run_sql(
        "INSERT INTO articles (slug, title, author) VALUES ('first-post', 'Hello', 'newcomer')",
    )
    .await;
    let ratings = match ratings_by_author(db.pool()).await {
        Ok(ratings) => ratings,
        Err(e) => panic!("ratings_by_author failed: {e}"),
    };
    let authors: Vec<&str> = ratings.iter().map(|r| r.author.as_str()).collect();
    assert!(
        authors == ["ada", "grace", "linus", "newcomer"],
        "one line per author, in alphabetical order, newcomer (no reviews) included: expected \
         [ada, grace, linus, newcomer], got {authors:?}. An inner JOIN drops authors with no \
         reviews: LEFT JOIN keeps them."
    );
    let newcomer = &ratings[3];
    assert!(
        newcomer.reviews == 0 && newcomer.average.is_none(),
        "newcomer has no reviews: 0 reviews and no average (None), got {newcomer:?}. \
         COUNT(*) would count the one joined row of NULLs: count the reviews' ids instead."
    );
    assert_json_snapshot!("by_author", ratings);
}
