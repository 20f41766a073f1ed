//! The model, what a client may send, and the checks it must pass before anything is written.

use serde::{Deserialize, Serialize};

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

/// The body of `POST /articles`.
#[derive(Clone, Debug, Deserialize)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub author: String,
}

impl NewArticle {
    /// Django's form `clean()`: every rule, checked before the database sees anything. The
    /// checks are about what the data means; none of them is there to keep SQL out, because
    /// values are bound, never pasted into SQL.
    pub fn validate(&self) -> Result<(), String> {
        // TODO: answer `Err(message)` unless
        //   - `slug` is 1 to 80 characters of a-z, 0-9 and '-',
        //   - `title` is 1 to 200 characters and not blank (spaces only),
        //   - `author` is 1 to 50 characters and not blank.
        todo!("check {self:?}")
    }
}
