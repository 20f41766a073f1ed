//! Stage 1: the queries. Each is one SQL statement; the database does the work (sorting,
//! counting, adding one), as Django's ORM would with `order_by`, `aggregate` and `F()`.

use sqlx::AnyPool;

use crate::articles::{Article, ArticleSummary, Stats};

// ANCHOR: most_read
/// `Article.objects.order_by("-views", "slug")[:limit]`, or every article with no limit.
pub async fn most_read(
    pool: &AnyPool,
    limit: Option<i64>,
) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    // LIMIT -1 is "no limit" in SQLite but an error in PostgreSQL: use the largest i64.
    sqlx::query_as("SELECT slug, title, views FROM articles ORDER BY views DESC, slug LIMIT $1")
        .bind(limit.unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await
}
// ANCHOR_END: most_read

/// `await Article.objects.filter(slug=slug).afirst()`.
pub async fn article(pool: &AnyPool, slug: &str) -> Result<Option<Article>, sqlx::Error> {
    sqlx::query_as("SELECT slug, title, author, body, views FROM articles WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await
}

// ANCHOR: add_view
/// `Article.objects.filter(slug=slug).aupdate(views=F("views") + 1)`, and the new count:
/// the database adds one, so no concurrent view is lost. `None` if there is no such article.
pub async fn add_view(pool: &AnyPool, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("UPDATE articles SET views = views + 1 WHERE slug = $1 RETURNING views")
            .bind(slug)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(views,)| views))
}
// ANCHOR_END: add_view

// ANCHOR: stats
/// `Article.objects.aaggregate(articles=Count("id"), total_views=Sum("views"), ...)`.
pub async fn stats(pool: &AnyPool) -> Result<Stats, sqlx::Error> {
    // The casts keep both databases answering the same types: PostgreSQL's SUM of BIGINT is
    // NUMERIC and its AVG is NUMERIC, which the `Any` driver cannot decode.
    sqlx::query_as(
        "SELECT COUNT(*) AS articles, \
                CAST(COALESCE(SUM(views), 0) AS BIGINT) AS total_views, \
                CAST(AVG(views) AS DOUBLE PRECISION) AS average_views, \
                MAX(views) AS most_views \
         FROM articles",
    )
    .fetch_one(pool)
    .await
}
// ANCHOR_END: stats
