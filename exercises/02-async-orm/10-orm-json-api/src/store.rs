//! The SQL. Every value from a request is bound to a `$n` placeholder: the database receives
//! the statement and the values separately, so a value is never read as SQL.

use sqlx::AnyPool;

use crate::{Article, NewArticle};

/// One page of articles, oldest first, optionally by one author; and how many there are in all.
pub async fn list_articles(
    pool: &AnyPool,
    author: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Article>, i64), sqlx::Error> {
    // TODO: the articles (all of them, or `author`'s when given) ordered by id, `limit` of them
    // from `offset` on; and the number of all matching articles. Bind every value.
    todo!(
        "{limit} articles of {author:?} from {offset} (pool of {})",
        pool.size()
    )
}

/// The article `slug`, if there is one.
pub async fn find_article(pool: &AnyPool, slug: &str) -> Result<Option<Article>, sqlx::Error> {
    // TODO: select the article whose slug is `slug`.
    todo!("find `{slug}` (pool of {})", pool.size())
}

/// Stores `new` (trimmed) and answers the stored row.
pub async fn insert_article(pool: &AnyPool, new: &NewArticle) -> Result<Article, sqlx::Error> {
    // TODO: insert `new` (its title and author trimmed) and answer the row, `RETURNING ...`.
    todo!("insert {new:?} (pool of {})", pool.size())
}
