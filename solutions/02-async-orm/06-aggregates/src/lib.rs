//! Aggregates: the database computes count, average and maximum in one row, and says NULL
//! when there is nothing to average.

mod summary;

use sqlx::AnyPool;

pub use summary::{AuthorRating, RatingSummary};

// ANCHOR: summary
/// `await Review.objects.filter(article_id=article_id).aaggregate(...)`.
pub async fn rating_summary(pool: &AnyPool, article_id: i64) -> Result<RatingSummary, sqlx::Error> {
    // An aggregate without GROUP BY always answers exactly one row, even over no rows.
    sqlx::query_as::<_, RatingSummary>(
        "SELECT COUNT(*) AS reviews, AVG(rating) AS average, MAX(rating) AS best \
         FROM reviews WHERE article_id = $1",
    )
    .bind(article_id)
    .fetch_one(pool)
    .await
}
// ANCHOR_END: summary

// ANCHOR: by_author
/// `await Article.objects.values("author")
///     .annotate(reviews=Count("reviews"), average=Avg("reviews__rating")).order_by("author")`.
pub async fn ratings_by_author(pool: &AnyPool) -> Result<Vec<AuthorRating>, sqlx::Error> {
    // LEFT JOIN keeps the authors nobody reviewed; COUNT(r.id) counts only real reviews.
    sqlx::query_as::<_, AuthorRating>(
        "SELECT a.author AS author, COUNT(r.id) AS reviews, AVG(r.rating) AS average \
         FROM articles a LEFT JOIN reviews r ON r.article_id = a.id \
         GROUP BY a.author ORDER BY a.author",
    )
    .fetch_all(pool)
    .await
}
// ANCHOR_END: by_author
