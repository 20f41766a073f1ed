//! The SQL. Every value from a request is bound to a `$n` placeholder: the database receives
//! the statement and the values separately, so a value is never read as SQL.

use sqlx::AnyPool;

use crate::{Article, NewArticle};

// ANCHOR: list
/// One page of articles, oldest first, optionally by one author; and how many there are in all.
pub async fn list_articles(
    pool: &AnyPool,
    author: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Article>, i64), sqlx::Error> {
    let items = sqlx::query_as::<_, Article>(
        "SELECT id, slug, title, author, status, published_on, views FROM articles \
         WHERE ($1 IS NULL OR author = $1) ORDER BY id LIMIT $2 OFFSET $3",
    )
    .bind(author)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool);
    let total = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM articles WHERE ($1 IS NULL OR author = $1)",
    )
    .bind(author)
    .fetch_one(pool);
    tokio::try_join!(items, total)
}
// ANCHOR_END: list

pub async fn find_article(pool: &AnyPool, slug: &str) -> Result<Option<Article>, sqlx::Error> {
    sqlx::query_as::<_, Article>(
        "SELECT id, slug, title, author, status, published_on, views \
         FROM articles WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await
}

pub async fn insert_article(pool: &AnyPool, new: &NewArticle) -> Result<Article, sqlx::Error> {
    sqlx::query_as::<_, Article>(
        "INSERT INTO articles (slug, title, author) VALUES ($1, $2, $3) \
         RETURNING id, slug, title, author, status, published_on, views",
    )
    .bind(&new.slug)
    .bind(new.title.trim())
    .bind(new.author.trim())
    .fetch_one(pool)
    .await
}
