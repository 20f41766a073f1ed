//! Questions about rows that need no rows: does one exist, how many are there. Django's
//! `aexists()` and `acount()` send `SELECT 1 ... LIMIT 1` and `SELECT COUNT(*)`; so do these.

use sqlx::AnyPool;

// ANCHOR: has_been_viewed
/// `await PageView.objects.filter(article_id=article_id).aexists()`.
pub async fn has_been_viewed(pool: &AnyPool, article_id: i64) -> Result<bool, sqlx::Error> {
    // At most one row, holding one number. `SELECT EXISTS (...)` would be neater, but it is a
    // boolean on PostgreSQL and an integer on SQLite, and Any decodes neither as the other.
    let found = sqlx::query("SELECT 1 FROM page_views WHERE article_id = $1 LIMIT 1")
        .bind(article_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}
// ANCHOR_END: has_been_viewed

// ANCHOR: count_views
/// `await PageView.objects.filter(article_id=article_id).acount()`.
pub async fn count_views(pool: &AnyPool, article_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM page_views WHERE article_id = $1")
        .bind(article_id)
        .fetch_one(pool)
        .await
}
// ANCHOR_END: count_views

// ANCHOR: count_articles
/// `await Article.objects.acount()`, or `.filter(status=status).acount()` given a status.
pub async fn count_articles(pool: &AnyPool, status: Option<&str>) -> Result<i64, sqlx::Error> {
    // One statement for both cases: a NULL parameter switches the filter off.
    sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE ($1 IS NULL OR status = $1)")
        .bind(status)
        .fetch_one(pool)
        .await
}
// ANCHOR_END: count_articles
