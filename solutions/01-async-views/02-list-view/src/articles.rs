//! The articles this exercise serves: a model and some sample data.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub tags: Vec<String>,
    pub published: bool,
}

impl Article {
    pub fn new(slug: &str, title: &str, tags: &[&str], published: bool) -> Self {
        Self {
            slug: slug.to_owned(),
            title: title.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            published,
        }
    }
}

/// Four articles: two published, two drafts, sharing a few tags.
pub fn sample_articles() -> Vec<Article> {
    vec![
        Article::new(
            "async-views",
            "Async views, from Django to axum",
            &["django", "rust"],
            true,
        ),
        Article::new(
            "tokio-tasks",
            "Tasks are cheap, threads are not",
            &["rust", "tokio"],
            true,
        ),
        Article::new(
            "async-orm",
            "The async ORM, with sqlx",
            &["django", "orm"],
            false,
        ),
        Article::new(
            "extractors",
            "Extractors all the way down",
            &["rust", "axum"],
            false,
        ),
    ]
}
