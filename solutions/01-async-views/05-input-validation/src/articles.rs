//! Articles: what a client sends, what is stored, and the store itself.

use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The body of `POST /articles`. `tags` may be left out.
#[derive(Debug, Deserialize)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 100;

impl NewArticle {
    /// The rules a type cannot express: a title that is not blank and not too long.
    pub fn validate(self) -> Result<NewArticle, ApiError> {
        let title_chars = self.title.trim().chars().count();
        if title_chars == 0 {
            return Err(ApiError::validation("`title` must not be blank"));
        }
        if title_chars > MAX_TITLE_CHARS {
            return Err(ApiError::validation(format!(
                "`title` must be at most {MAX_TITLE_CHARS} characters, not {title_chars}"
            )));
        }
        Ok(self)
    }
}

/// A stored article.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub id: u64,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// Articles in memory. Clones share the same list.
#[derive(Clone, Default)]
pub struct ArticleStore {
    articles: Arc<Mutex<Vec<Article>>>,
}

impl ArticleStore {
    pub fn insert(&self, new: NewArticle) -> Article {
        let mut articles = self.articles.lock().unwrap_or_else(PoisonError::into_inner);
        let article = Article {
            id: articles.len() as u64 + 1,
            title: new.title.trim().to_owned(),
            body: new.body,
            tags: new.tags,
        };
        articles.push(article.clone());
        article
    }

    pub fn all(&self) -> Vec<Article> {
        self.articles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
