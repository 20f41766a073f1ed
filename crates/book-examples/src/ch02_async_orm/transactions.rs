//! Page "Transactions: all or nothing": a review that also counts as a read of its article,
//! both rows changed or neither.

use sqlx::AnyPool;

// ANCHOR: review
/// Adds a review and counts the read, atomically.
pub async fn add_review(
    pool: &AnyPool,
    article_id: i64,
    rating: f64,
) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let read = sqlx::query(
        "UPDATE articles SET views = views + 1 \
         WHERE id = $1",
    )
    .bind(article_id)
    .execute(&mut *tx) // on the transaction
    .await?;
    if read.rows_affected() == 0 {
        return Err(sqlx::Error::RowNotFound);
    }
    // A rating the CHECK refuses fails here; `?`
    // drops `tx`, and the drop rolls back the +1.
    let id = sqlx::query_scalar(
        "INSERT INTO reviews (article_id, rating) \
         VALUES ($1, $2) RETURNING id",
    )
    .bind(article_id)
    .bind(rating)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}
// ANCHOR_END: review

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    async fn views_of_1(db: &TestDb) -> i64 {
        sqlx::query_scalar(
            "SELECT views FROM articles WHERE id = 1",
        )
        .fetch_one(db.pool())
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn both_rows_change_together() {
        let db = TestDb::seeded().await;
        assert_eq!(
            add_review(db.pool(), 1, 4.0).await.unwrap(),
            7
        );
        assert_eq!(views_of_1(&db).await, 121);
    }

    #[tokio::test]
    async fn a_refused_rating_undoes_the_read() {
        let db = TestDb::seeded().await;
        let refused = add_review(db.pool(), 1, 9.0).await;
        assert!(refused.is_err(), "{refused:?}");
        assert_eq!(
            views_of_1(&db).await,
            120,
            "the +1 was rolled back"
        );
        assert_eq!(db.count("reviews").await, 6);
    }
}
