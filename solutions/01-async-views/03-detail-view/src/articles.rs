//! The articles this exercise serves: a model and some sample data.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub author: String,
    pub text: String,
}

impl Article {
    pub fn new(slug: &str, title: &str, comments: &[(&str, &str)]) -> Self {
        Self {
            slug: slug.to_owned(),
            title: title.to_owned(),
            comments: comments
                .iter()
                .map(|(author, text)| Comment {
                    author: (*author).to_owned(),
                    text: (*text).to_owned(),
                })
                .collect(),
        }
    }
}

/// Three articles: one with two comments, one with one, one with none.
pub fn sample_articles() -> Vec<Article> {
    vec![
        Article::new(
            "async-views",
            "Async views, from Django to axum",
            &[
                ("ada", "The extractor table helped."),
                ("grace", "What about class-based views?"),
            ],
        ),
        Article::new(
            "tokio-tasks",
            "Tasks are cheap, threads are not",
            &[("linus", "Benchmarks, please.")],
        ),
        Article::new("async-orm", "The async ORM, with sqlx", &[]),
    ]
}
