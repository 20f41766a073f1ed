//! Get-or-create that holds under concurrency: the database's UNIQUE constraint decides who
//! creates the row, and everybody else reads it.

use serde::Serialize;
use sqlx::AnyPool;

/// One row of `tags`. `name` is UNIQUE in the schema: that constraint is what makes the
/// get-or-create below safe.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

// ANCHOR: get_or_create
/// `tag, created = await Tag.objects.aget_or_create(name=name)`.
pub async fn get_or_create_tag(pool: &AnyPool, name: &str) -> Result<(Tag, bool), sqlx::Error> {
    // Insert first, and let the UNIQUE constraint turn a second insert into "nothing".
    // Only the caller whose INSERT created the row gets it back from RETURNING.
    let created = sqlx::query_as::<_, Tag>(
        "INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?;
    if let Some(tag) = created {
        return Ok((tag, true));
    }
    // Someone else created it (or it was there all along): it exists now, read it.
    let tag = sqlx::query_as::<_, Tag>("SELECT id, name FROM tags WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok((tag, false))
}
// ANCHOR_END: get_or_create
