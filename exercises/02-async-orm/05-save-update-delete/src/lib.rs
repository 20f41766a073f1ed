//! Writing: create a row and get it back, change one, delete one, and change or delete many
//! with one statement, knowing how many rows each statement touched.

mod article;

use sqlx::AnyPool;

pub use article::{Article, NewArticle};

/// `article = Article(...); await article.asave()`: one INSERT that answers the saved row,
/// its new id and the defaults included.
pub async fn create_article(pool: &AnyPool, new: &NewArticle) -> Result<Article, sqlx::Error> {
    // TODO: insert `new` and answer the saved row in the same statement (`RETURNING ...`),
    // so the id and the defaults (`draft`, 0 views) come from the database.
    todo!("save {new:?} through a pool of {}", pool.size())
}

/// `article.title = title; await article.asave(update_fields=["title"])`. Answers whether
/// there was such an article.
pub async fn rename_article(pool: &AnyPool, id: i64, title: &str) -> Result<bool, sqlx::Error> {
    // TODO: set the title of article `id`; answer `true` if a row changed, `false` if none.
    todo!("rename article {id} to {title:?} (pool of {})", pool.size())
}

/// `await article.adelete()`. Its reviews and tag links go with it: the schema says
/// `ON DELETE CASCADE`, so the database deletes them in the same statement.
pub async fn delete_article(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    // TODO: delete article `id`; answer whether there was one.
    todo!("delete article {id} (pool of {})", pool.size())
}

/// `await Article.objects.filter(author=author, status="draft")
///     .aupdate(status="published", published_on=on)`: one statement, however many rows.
pub async fn publish_drafts_of(pool: &AnyPool, author: &str, on: &str) -> Result<u64, sqlx::Error> {
    // TODO: publish every draft of `author` on the date `on` with ONE UPDATE, and answer how
    // many rows it changed.
    todo!(
        "publish {author}'s drafts on {on} (pool of {})",
        pool.size()
    )
}

/// `await Article.objects.filter(status="draft", views=0).adelete()`.
pub async fn delete_unread_drafts(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    // TODO: delete every draft nobody has viewed with ONE DELETE; answer how many went.
    todo!("delete the unread drafts (pool of {})", pool.size())
}
