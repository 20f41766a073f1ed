//! A detail view: `GET /articles/{slug}` answers one article, and
//! `GET /articles/{slug}/comments/{number}` one of its comments. Anything missing is a JSON 404
//! through [`ApiError`], the error type the rest of the course reuses.

mod articles;
mod error;

use std::sync::Arc;

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
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/articles/{slug}", get(article_detail))
        .route("/articles/{slug}/comments/{number}", get(comment_detail))
        .with_state(state)
}

/// `GET /articles/{slug}`.
async fn article_detail(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    // TODO: answer the article whose slug is `slug`, or `ApiError::NotFound` with a message
    // that names the slug. Then make `ApiError` a real response in src/error.rs.
    todo!("find `{slug}` among {} articles", state.articles.len())
}

/// `GET /articles/{slug}/comments/{number}`, numbered from 1 as readers count.
async fn comment_detail(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, usize)>,
) -> Result<Json<Comment>, ApiError> {
    // TODO: answer comment `number` (the first comment is 1) of article `slug`. An unknown
    // article or a number with no comment (0 included) is `ApiError::NotFound`.
    //
    // TODO: `/comments/abc` must be a JSON 400 (`ApiError::BadRequest`), not axum's plain-text
    // rejection: take the path as `Result<Path<...>, PathRejection>` instead.
    todo!(
        "comment {number} of `{slug}` among {} articles",
        state.articles.len()
    )
}
