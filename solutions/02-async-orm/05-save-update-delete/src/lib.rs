//! Writing: create a row and get it back, change one, delete one, and change or delete many
//! with one statement, knowing how many rows each statement touched.

mod article;

use sqlx::AnyPool;

pub use article::{Article, NewArticle};

// ANCHOR: create
/// `article = Article(...); await article.asave()`: one INSERT that answers the saved row,
/// its new id and the defaults included.
pub async fn create_article(pool: &AnyPool, new: &NewArticle) -> Result<Article, sqlx::Error> {
    sqlx::query_as::<_, Article>(
        "INSERT INTO articles (slug, title, author) VALUES ($1, $2, $3) \
         RETURNING id, slug, title, author, status, published_on, views",
    )
    .bind(&new.slug)
    .bind(&new.title)
    .bind(&new.author)
    .fetch_one(pool)
    .await
}
// ANCHOR_END: create

// ANCHOR: rename
/// `article.title = title; await article.asave(update_fields=["title"])`. Answers whether
/// there was such an article.
pub async fn rename_article(pool: &AnyPool, id: i64, title: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE articles SET title = $1 WHERE id = $2")
        .bind(title)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}
// ANCHOR_END: rename

/// `await article.adelete()`. Its reviews and tag links go with it: the schema says
/// `ON DELETE CASCADE`, so the database deletes them in the same statement.
pub async fn delete_article(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM articles WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

// ANCHOR: bulk
/// `await Article.objects.filter(author=author, status="draft")
///     .aupdate(status="published", published_on=on)`: one statement, however many rows.
pub async fn publish_drafts_of(pool: &AnyPool, author: &str, on: &str) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE articles SET status = 'published', published_on = $1 \
         WHERE author = $2 AND status = 'draft'",
    )
    .bind(on)
    .bind(author)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// `await Article.objects.filter(status="draft", views=0).adelete()`.
pub async fn delete_unread_drafts(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM articles WHERE status = 'draft' AND views = 0")
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}
// ANCHOR_END: bulk
