//! A transaction: publish an article together with its tags, or, if any step fails, leave
//! the database exactly as it was.

use sqlx::AnyPool;

/// What the caller chooses for the new article.
#[derive(Clone, Debug)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub author: String,
}

// ANCHOR: publish
/// Django: `async with transaction.atomic():` does not exist (atomic is synchronous), so a
/// Django view wraps the whole function in `sync_to_async`. In sqlx the transaction is a
/// value: statements run on it, `commit` ends it, and dropping it uncommitted rolls back.
pub async fn publish_with_tags(
    pool: &AnyPool,
    new: &NewArticle,
    tags: &[&str],
    on: &str,
) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let article_id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, author, status, published_on) \
         VALUES ($1, $2, $3, 'published', $4) RETURNING id",
    )
    .bind(&new.slug)
    .bind(&new.title)
    .bind(&new.author)
    .bind(on)
    .fetch_one(&mut *tx)
    .await?;
    for tag in tags {
        // Any `?` below returns early and drops `tx`: everything above is rolled back.
        sqlx::query("INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
            .bind(tag)
            .execute(&mut *tx)
            .await?;
        let tag_id: i64 = sqlx::query_scalar("SELECT id FROM tags WHERE name = $1")
            .bind(tag)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2)")
            .bind(article_id)
            .bind(tag_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(article_id)
}
// ANCHOR_END: publish
