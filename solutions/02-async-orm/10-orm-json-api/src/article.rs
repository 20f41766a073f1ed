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

// ANCHOR: validate
impl NewArticle {
    /// Django's form `clean()`: every rule, checked before the database sees anything. The
    /// checks are about what the data means; none of them is there to keep SQL out, because
    /// values are bound, never pasted into SQL.
    pub fn validate(&self) -> Result<(), String> {
        let slug_ok = !self.slug.is_empty()
            && self.slug.len() <= 80
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            return Err(format!(
                "`slug` must be 1 to 80 characters of a-z, 0-9 and '-', got {:?}",
                self.slug
            ));
        }
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err("`title` must be 1 to 200 characters, not blank".to_owned());
        }
        let author = self.author.trim();
        if author.is_empty() || author.chars().count() > 50 {
            return Err("`author` must be 1 to 50 characters, not blank".to_owned());
        }
        Ok(())
    }
}
// ANCHOR_END: validate
