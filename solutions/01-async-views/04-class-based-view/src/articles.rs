//! The articles this exercise serves: a model and some sample data.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub views: u64,
}

/// Two articles, already read a few times.
pub fn sample_articles() -> Vec<Article> {
    vec![
        Article {
            slug: "async-views".to_owned(),
            title: "Async views, from Django to axum".to_owned(),
            views: 3,
        },
        Article {
            slug: "tokio-tasks".to_owned(),
            title: "Tasks are cheap, threads are not".to_owned(),
            views: 0,
        },
    ]
}
