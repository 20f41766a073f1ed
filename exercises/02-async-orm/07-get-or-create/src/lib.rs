//! Get-or-create that holds under concurrency: the database's UNIQUE constraint decides who
//! creates the row, and everybody else reads it.

use serde::Serialize;
use sqlx::AnyPool;

/// One row of `tags`. `name` is UNIQUE in the schema: that constraint is what makes a
/// get-or-create safe.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

/// `tag, created = await Tag.objects.aget_or_create(name=name)`.
pub async fn get_or_create_tag(pool: &AnyPool, name: &str) -> Result<(Tag, bool), sqlx::Error> {
    // TODO: answer the tag called `name` and whether this call created it. Fifty callers may
    // ask for the same new name at the same moment: exactly one row may be created, exactly
    // one caller told `true`, and no caller may get an error. "SELECT, and INSERT if missing"
    // is the race the tests catch; read the page before you write it.
    todo!("get or create the tag {name:?} (pool of {})", pool.size())
}
