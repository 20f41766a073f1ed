//! A detail view: `GET /articles/{slug}` answers one article, and
//! `GET /articles/{slug}/comments/{number}` one of its comments. Anything missing is a JSON 404
//! through [`ApiError`], the error type the rest of the course reuses.

mod articles;
mod error;

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::{Json, Router, routing::get};

pub use articles::{Article, Comment, sample_articles};
pub use error::{ApiError, ErrorBody};

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

    fn article(&self, slug: &str) -> Result<&Article, ApiError> {
        self.articles
            .iter()
            .find(|article| article.slug == slug)
            .ok_or_else(|| ApiError::NotFound(format!("no article has the slug `{slug}`")))
    }
}

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/articles/{slug}", get(article_detail))
        .route("/articles/{slug}/comments/{number}", get(comment_detail))
        .with_state(state)
}
// ANCHOR_END: app

// ANCHOR: article_detail
/// `GET /articles/{slug}`.
async fn article_detail(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    let article = state.article(&slug)?;
    Ok(Json(article.clone()))
}
// ANCHOR_END: article_detail

// ANCHOR: comment_detail
/// `GET /articles/{slug}/comments/{number}`, numbered from 1 as readers count.
async fn comment_detail(
    State(state): State<AppState>,
    path: Result<Path<(String, usize)>, PathRejection>,
) -> Result<Json<Comment>, ApiError> {
    let Path((slug, number)) = path?;
    let article = state.article(&slug)?;
    number
        .checked_sub(1)
        .and_then(|index| article.comments.get(index))
        .map(|comment| Json(comment.clone()))
        .ok_or_else(|| ApiError::NotFound(format!("`{slug}` has no comment {number}")))
}
// ANCHOR_END: comment_detail
