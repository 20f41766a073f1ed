//! A list view: `GET /articles` answers the articles in shared state, filtered by the query
//! string (`?published=true`, `?tag=rust`, or both).

mod articles;

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};

pub use articles::{Article, sample_articles};

/// What every handler can reach. Cloned for each request, so the articles sit behind an `Arc`:
/// a clone copies a pointer, not the list.
// ANCHOR: state
#[derive(Clone)]
pub struct AppState {
    pub articles: Arc<Vec<Article>>,
}

impl AppState {
    pub fn new(articles: Vec<Article>) -> Self {
        Self {
            articles: Arc::new(articles),
        }
    }
}
// ANCHOR_END: state

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/articles", get(list_articles))
        .with_state(state)
}
// ANCHOR_END: app

// ANCHOR: filter
/// The query string. Each field is optional: an absent parameter does not filter.
#[derive(Debug, Deserialize)]
pub struct ArticleFilter {
    pub published: Option<bool>,
    pub tag: Option<String>,
}

impl ArticleFilter {
    fn matches(&self, article: &Article) -> bool {
        self.published.is_none_or(|p| article.published == p)
            && self
                .tag
                .as_ref()
                .is_none_or(|tag| article.tags.contains(tag))
    }
}
// ANCHOR_END: filter

/// The JSON body of every error in this course: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

// ANCHOR: handler
/// `GET /articles`. Taking the `Query` as a `Result` lets the handler answer a malformed query
/// string itself, as JSON, instead of axum's plain-text 400.
async fn list_articles(
    State(state): State<AppState>,
    filter: Result<Query<ArticleFilter>, QueryRejection>,
) -> Result<Json<Vec<Article>>, (StatusCode, Json<ErrorBody>)> {
    let Query(filter) = filter.map_err(|rejection| {
        let body = ErrorBody {
            error: "invalid_query",
            message: rejection.body_text(),
        };
        (StatusCode::BAD_REQUEST, Json(body))
    })?;
    let matching = state
        .articles
        .iter()
        .filter(|article| filter.matches(article))
        .cloned()
        .collect();
    Ok(Json(matching))
}
// ANCHOR_END: handler
