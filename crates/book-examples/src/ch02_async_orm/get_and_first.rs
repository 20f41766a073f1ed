//! Page "Get one, or the first": `aget` (exactly one row, or one of two errors) and `afirst`
//! (zero or one row, in a stated order), on the blog's reviews.

use sqlx::AnyPool;

use super::review::Review;

// ANCHOR: lookup_error
#[derive(Debug)]
pub enum LookupError {
    DoesNotExist,            // the client's problem: 404
    MultipleObjectsReturned, // a bug of ours: 500
    Database(sqlx::Error),   // 500 too
}

impl From<sqlx::Error> for LookupError {
    fn from(e: sqlx::Error) -> Self {
        LookupError::Database(e)
    }
}
// ANCHOR_END: lookup_error

// ANCHOR: get
/// `await Review.objects.aget(article_id=id)`.
pub async fn review_of(
    pool: &AnyPool,
    article_id: i64,
) -> Result<Review, LookupError> {
    // Two rows tell "one" from "several".
    let mut rows: Vec<Review> = sqlx::query_as(
        "SELECT id, article_id, rating FROM reviews \
         WHERE article_id = $1 LIMIT 2",
    )
    .bind(article_id)
    .fetch_all(pool)
    .await?;
    match (rows.pop(), rows.len()) {
        (Some(review), 0) => Ok(review),
        (Some(_), _) => {
            Err(LookupError::MultipleObjectsReturned)
        }
        (None, _) => Err(LookupError::DoesNotExist),
    }
}
// ANCHOR_END: get

// ANCHOR: first
/// `Review.objects.order_by("-rating", "id").afirst()`
pub async fn best_review(
    pool: &AnyPool,
) -> Result<Option<Review>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, article_id, rating FROM reviews \
         ORDER BY rating DESC, id LIMIT 1",
    )
    .fetch_optional(pool) // None: no row
    .await
}
// ANCHOR_END: first

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn one_none_or_several() {
        let db = TestDb::seeded().await;
        let one = review_of(db.pool(), 2).await.unwrap();
        assert_eq!((one.id, one.rating), (4, 3.0));
        let none = review_of(db.pool(), 4).await;
        assert!(
            matches!(none, Err(LookupError::DoesNotExist)),
            "{none:?}"
        );
        let several = review_of(db.pool(), 1).await;
        assert!(
            matches!(
                several,
                Err(LookupError::MultipleObjectsReturned)
            ),
            "{several:?}"
        );
    }

    #[tokio::test]
    async fn the_best_review_breaks_ties_by_id_and_is_none_when_empty()
     {
        let db = TestDb::seeded().await;
        // Reviews 1 and 5 are both rated 5: the lower id wins.
        let best =
            best_review(db.pool()).await.unwrap().unwrap();
        assert_eq!(best.id, 1);
        db.run_sql("DELETE FROM reviews").await;
        assert_eq!(best_review(db.pool()).await.unwrap(), None);
    }
}
