//! Questions about rows that need no rows: does one exist, how many are there. Django's
//! `aexists()` and `acount()` send `SELECT 1 ... LIMIT 1` and `SELECT COUNT(*)`; so do these.

use sqlx::AnyPool;

/// `await PageView.objects.filter(article_id=article_id).aexists()`.
pub async fn has_been_viewed(pool: &AnyPool, article_id: i64) -> Result<bool, sqlx::Error> {
    // TODO: whether `page_views` has at least one row for `article_id`. Ask for at most one
    // small row and stop at the first match; do not count them all, do not load them.
    todo!(
        "does article {article_id} have page views? (pool of {})",
        pool.size()
    )
}

/// `await PageView.objects.filter(article_id=article_id).acount()`.
pub async fn count_views(pool: &AnyPool, article_id: i64) -> Result<i64, sqlx::Error> {
    // TODO: how many `page_views` rows `article_id` has, counted by the database.
    todo!(
        "count the page views of article {article_id} (pool of {})",
        pool.size()
    )
}

/// `await Article.objects.acount()`, or `.filter(status=status).acount()` given a status.
pub async fn count_articles(pool: &AnyPool, status: Option<&str>) -> Result<i64, sqlx::Error> {
    // TODO: how many articles there are, or only those with `status` when it is `Some`.
    todo!(
        "count the articles with status {status:?} (pool of {})",
        pool.size()
    )
}
