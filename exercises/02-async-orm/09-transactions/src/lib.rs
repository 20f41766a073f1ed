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

/// Publishes `new` on the date `on` with its `tags`, and answers the new article's id.
pub async fn publish_with_tags(
    pool: &AnyPool,
    new: &NewArticle,
    tags: &[&str],
    on: &str,
) -> Result<i64, sqlx::Error> {
    // TODO: in ONE transaction:
    //   1. insert the article as `published` on `on`, and get its id back (`RETURNING id`);
    //   2. for each tag: create it unless it exists (`ON CONFLICT (name) DO NOTHING`), read its
    //      id, and link it to the article in `article_tags`;
    //   3. commit, and answer the article's id.
    // If any statement fails (a taken slug, a tag the database refuses), nothing may stay
    // written: not the article, not the tags created before the failure.
    todo!(
        "publish {new:?} on {on} with the tags {tags:?} (pool of {})",
        pool.size()
    )
}
