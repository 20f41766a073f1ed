//! `aget` and `afirst`, in SQL.

use sqlx::AnyPool;

use crate::{Article, GetError};

/// `await Article.objects.aget(slug=slug)`.
pub async fn get_article(pool: &AnyPool, slug: &str) -> Result<Article, GetError> {
    // TODO: select the article whose slug is `slug` (bind it as `$1`). No row is
    // `GetError::DoesNotExist`, more than one is `GetError::MultipleObjectsReturned`, and `?`
    // turns a `sqlx::Error` into `GetError::Database`.
    todo!("get the article `{slug}` from a pool of {}", pool.size())
}

/// `await Article.objects.aget(author=author)`: "the" article of an author who should have one.
pub async fn get_article_by_author(pool: &AnyPool, author: &str) -> Result<Article, GetError> {
    // TODO: the same for the articles whose author is `author`: ada wrote two, so "the
    // article of ada" is `MultipleObjectsReturned`, not one of the two picked at random.
    todo!(
        "get the article of `{author}` from a pool of {}",
        pool.size()
    )
}

/// `await Article.objects.filter(status="published").order_by("published_on", "id").afirst()`.
pub async fn first_published(pool: &AnyPool) -> Result<Option<Article>, sqlx::Error> {
    // TODO: the published article with the earliest `published_on` (then the lowest id), or
    // `None` when nothing is published.
    todo!(
        "the first published article, from a pool of {}",
        pool.size()
    )
}
