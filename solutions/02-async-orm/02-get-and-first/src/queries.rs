//! `aget` and `afirst`, in SQL.

use sqlx::AnyPool;

use crate::{Article, GetError};

// ANCHOR: get_article
/// `await Article.objects.aget(slug=slug)`.
pub async fn get_article(pool: &AnyPool, slug: &str) -> Result<Article, GetError> {
    // Two rows are enough to tell "one" from "more than one"; Django's `get` does the same.
    let rows = sqlx::query_as::<_, Article>(
        "SELECT id, slug, title, author, status, published_on, views \
         FROM articles WHERE slug = $1 LIMIT 2",
    )
    .bind(slug)
    .fetch_all(pool)
    .await?;
    exactly_one(rows, &format!("the slug `{slug}`"))
}
// ANCHOR_END: get_article

/// `await Article.objects.aget(author=author)`: "the" article of an author who should have one.
pub async fn get_article_by_author(pool: &AnyPool, author: &str) -> Result<Article, GetError> {
    let rows = sqlx::query_as::<_, Article>(
        "SELECT id, slug, title, author, status, published_on, views \
         FROM articles WHERE author = $1 LIMIT 2",
    )
    .bind(author)
    .fetch_all(pool)
    .await?;
    exactly_one(rows, &format!("the author `{author}`"))
}

// ANCHOR: exactly_one
fn exactly_one(mut rows: Vec<Article>, lookup: &str) -> Result<Article, GetError> {
    match (rows.pop(), rows.is_empty()) {
        (Some(article), true) => Ok(article),
        (Some(_), false) => Err(GetError::MultipleObjectsReturned(format!(
            "more than one article has {lookup}"
        ))),
        (None, _) => Err(GetError::DoesNotExist(format!("no article has {lookup}"))),
    }
}
// ANCHOR_END: exactly_one

// ANCHOR: first_published
/// `await Article.objects.filter(status="published").order_by("published_on", "id").afirst()`.
pub async fn first_published(pool: &AnyPool) -> Result<Option<Article>, sqlx::Error> {
    // Without ORDER BY, "first" is whichever row the database meets first: no order at all.
    sqlx::query_as::<_, Article>(
        "SELECT id, slug, title, author, status, published_on, views \
         FROM articles WHERE status = 'published' \
         ORDER BY published_on, id LIMIT 1",
    )
    .fetch_optional(pool)
    .await
}
// ANCHOR_END: first_published
