//! Page "Save, update, delete": the blog's tags created, renamed and deleted, one statement
//! each, with the rows each statement changed.

use sqlx::AnyPool;

// ANCHOR: tag
#[derive(Debug, PartialEq, sqlx::FromRow)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}
// ANCHOR_END: tag

// ANCHOR: create
/// `tag = Tag(name=name); await tag.asave()`
pub async fn create_tag(
    pool: &AnyPool,
    name: &str,
) -> Result<Tag, sqlx::Error> {
    // RETURNING: the row as stored, id included,
    // in the same round trip.
    sqlx::query_as(
        "INSERT INTO tags (name) VALUES ($1) \
         RETURNING id, name",
    )
    .bind(name)
    .fetch_one(pool)
    .await
}
// ANCHOR_END: create

// ANCHOR: rename
/// `Tag.objects.filter(id=id).aupdate(name=name)`
pub async fn rename_tag(
    pool: &AnyPool,
    id: i64,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE tags SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1) // 0: no such tag
}
// ANCHOR_END: rename

// ANCHOR: delete
/// The tags no article uses, in one statement.
pub async fn delete_unused_tags(
    pool: &AnyPool,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM tags WHERE id NOT IN \
         (SELECT tag_id FROM article_tags)",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Its links go too (ON DELETE CASCADE), and
/// are not in the count: only the tag is.
pub async fn delete_tag(
    pool: &AnyPool,
    id: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM tags WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
// ANCHOR_END: delete

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn create_rename_and_delete_say_what_they_changed() {
        let db = TestDb::seeded().await;
        let tag = create_tag(db.pool(), "sqlx").await.unwrap();
        assert_eq!(
            tag,
            Tag {
                id: 4,
                name: "sqlx".into()
            }
        );
        assert!(rename_tag(db.pool(), 4, "sql").await.unwrap());
        assert!(
            !rename_tag(db.pool(), 99, "none").await.unwrap()
        );
        assert_eq!(
            delete_unused_tags(db.pool()).await.unwrap(),
            1
        );
        assert_eq!(db.count("tags").await, 3);
    }

    #[tokio::test]
    async fn a_delete_counts_its_own_rows_not_the_cascaded_ones()
     {
        let db = TestDb::seeded().await;
        // Tag 1, rust, is linked to three articles.
        assert_eq!(delete_tag(db.pool(), 1).await.unwrap(), 1);
        assert_eq!(
            db.count("article_tags").await,
            3,
            "6 links, 3 of them to rust"
        );
    }
}
