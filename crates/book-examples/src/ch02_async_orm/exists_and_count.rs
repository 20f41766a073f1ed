//! Page "Exists and count, without loading rows": two questions about the blog's reviews,
//! each answered by the database in one small row.

use sqlx::AnyPool;

// ANCHOR: exists
/// `Review.objects.filter(article_id=id,
///     rating=5).aexists()`
pub async fn has_top_review(
    pool: &AnyPool,
    article_id: i64,
) -> Result<bool, sqlx::Error> {
    // Stops at the first match; Some(1) or None.
    let row: Option<i32> = sqlx::query_scalar(
        "SELECT 1 FROM reviews \
         WHERE article_id = $1 AND rating = 5 LIMIT 1",
    )
    .bind(article_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}
// ANCHOR_END: exists

// ANCHOR: count
/// `Review.objects.filter(article_id=id).acount()`
pub async fn count_reviews(
    pool: &AnyPool,
    article_id: i64,
) -> Result<i64, sqlx::Error> {
    // An aggregate always answers one row.
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM reviews WHERE article_id = $1",
    )
    .bind(article_id)
    .fetch_one(pool)
    .await
}
// ANCHOR_END: count

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn answers_match_the_seed() {
        let db = TestDb::seeded().await;
        assert!(has_top_review(db.pool(), 1).await.unwrap());
        assert!(!has_top_review(db.pool(), 2).await.unwrap());
        assert_eq!(
            count_reviews(db.pool(), 1).await.unwrap(),
            3
        );
        assert_eq!(
            count_reviews(db.pool(), 4).await.unwrap(),
            0
        );
    }

    #[tokio::test]
    async fn each_question_brings_back_at_most_one_row() {
        let db = TestDb::seeded().await;
        let log = db.query_log().await;
        has_top_review(log.pool(), 1).await.unwrap();
        count_reviews(log.pool(), 1).await.unwrap();
        let rows: u64 = log
            .statements()
            .iter()
            .map(|s| s.rows_returned)
            .sum();
        assert_eq!(rows, 2, "{:?}", log.statements());
    }
}
