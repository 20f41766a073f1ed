//! The `Article` model: one row of the `articles` table.

use serde::Serialize;

// ANCHOR: article
/// `#[derive(FromRow)]` maps columns to fields by name, like a Django model's fields.
/// A column that can be NULL is an `Option`.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub author: String,
    pub status: String,
    pub published_on: Option<String>,
    pub views: i64,
}
// ANCHOR_END: article
