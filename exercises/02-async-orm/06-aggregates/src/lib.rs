//! Aggregates: the database computes count, average and maximum in one row, and says NULL
//! when there is nothing to average.

mod summary;

use sqlx::AnyPool;

pub use summary::{AuthorRating, RatingSummary};

/// `await Review.objects.filter(article_id=article_id).aaggregate(...)`.
pub async fn rating_summary(pool: &AnyPool, article_id: i64) -> Result<RatingSummary, sqlx::Error> {
    // TODO: one query that answers the number of reviews of `article_id`, their average
    // rating and their best rating, named like the fields of `RatingSummary` (`AS reviews`...).
    todo!(
        "summarize the reviews of article {article_id} (pool of {})",
        pool.size()
    )
}

/// `await Article.objects.values("author")
///     .annotate(reviews=Count("reviews"), average=Avg("reviews__rating")).order_by("author")`.
pub async fn ratings_by_author(pool: &AnyPool) -> Result<Vec<AuthorRating>, sqlx::Error> {
    // TODO: one line per author (alphabetical), with the number of reviews of their articles
    // and the average rating. Authors nobody reviewed are listed too, with 0 and no average.
    todo!("ratings per author (pool of {})", pool.size())
}
