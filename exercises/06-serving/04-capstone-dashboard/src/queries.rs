//! Stage 1: the queries. Each is one SQL statement; the database does the work (sorting,
//! counting, adding one), as Django's ORM would with `order_by`, `aggregate` and `F()`.

use sqlx::AnyPool;

use crate::articles::{Article, ArticleSummary, Stats};

/// `Article.objects.order_by("-views", "slug")[:limit]`, or every article with no limit.
pub async fn most_read(
    pool: &AnyPool,
    limit: Option<i64>,
) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    // TODO: the articles, most viewed first (ties by slug), at most `limit` of them. Note
    // that `LIMIT -1` means "no limit" only in SQLite.
    todo!(
        "the most read articles (limit {limit:?}), {} connection(s) open",
        pool.size()
    )
}

/// `await Article.objects.filter(slug=slug).afirst()`.
pub async fn article(pool: &AnyPool, slug: &str) -> Result<Option<Article>, sqlx::Error> {
    // TODO: the article `slug`, or `None`.
    todo!("the article `{slug}`, {} connection(s) open", pool.size())
}

/// `Article.objects.filter(slug=slug).aupdate(views=F("views") + 1)`, and the new count:
/// the database adds one, so no concurrent view is lost. `None` if there is no such article.
pub async fn add_view(pool: &AnyPool, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    // TODO: add one view to the article `slug` and answer its new count, in one statement,
    // so that fifty concurrent views add fifty.
    todo!(
        "count a view of `{slug}`, {} connection(s) open",
        pool.size()
    )
}

/// `Article.objects.aaggregate(articles=Count("id"), total_views=Sum("views"), ...)`.
pub async fn stats(pool: &AnyPool) -> Result<Stats, sqlx::Error> {
    // TODO: the number of articles, their total views, the average and the highest count,
    // computed by the database in one query. Over no articles, the average and the highest
    // are NULL (`None`) and the total is 0.
    todo!("aggregate the articles, {} connection(s) open", pool.size())
}
