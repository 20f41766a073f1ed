//! Page "Streaming rows, one at a time": a histogram of the blog's review ratings, built
//! from a stream of rows, so memory holds one row, not the table.

use futures::TryStreamExt;
use sqlx::AnyPool;

use super::review::Review;

// ANCHOR: histogram
/// How many reviews gave 1, 2, 3, 4 and 5 stars.
pub async fn rating_histogram(
    pool: &AnyPool,
) -> Result<[u64; 5], sqlx::Error> {
    let mut counts = [0; 5];
    let mut rows = sqlx::query_as::<_, Review>(
        "SELECT id, article_id, rating FROM reviews \
         ORDER BY id",
    )
    .fetch(pool); // a Stream: holds one connection
    while let Some(review) = rows.try_next().await? {
        let stars = review.rating.round().clamp(1.0, 5.0);
        counts[stars as usize - 1] += 1;
    }
    Ok(counts)
}
// ANCHOR_END: histogram

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn counts_the_seeded_ratings() {
        let db = TestDb::seeded().await;
        // Ratings 5, 4, 4, 3, 5, 2.
        let counts = rating_histogram(db.pool()).await.unwrap();
        assert_eq!(counts, [0, 1, 1, 2, 2]);
    }
}
