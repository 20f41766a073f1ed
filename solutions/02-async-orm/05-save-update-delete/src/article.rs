//! The `Article` model, and the fields a new article is created from.

use serde::Serialize;

/// One row of `articles`.
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

/// What the caller chooses; the database fills in the rest (id, `draft`, 0 views).
#[derive(Clone, Debug)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub author: String,
}
