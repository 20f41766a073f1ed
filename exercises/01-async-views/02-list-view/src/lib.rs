//! A list view: `GET /articles` answers the articles in shared state, filtered by the query
//! string (`?published=true`, `?tag=rust`, or both).

mod articles;

use std::sync::Arc;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use serde::Serialize;

pub use articles::{Article, sample_articles};

/// What every handler can reach. Cloned for each request, so the articles sit behind an `Arc`:
/// a clone copies a pointer, not the list.
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
        .route("/articles", get(list_articles))
        .with_state(state)
}

/// The JSON body of every error in this course: a code for programs, a message for people.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: &'static str,
    pub message: String,
}

/// `GET /articles`, optionally filtered: `?published=true`, `?tag=rust`, or both.
async fn list_articles(State(state): State<AppState>) -> Json<Vec<Article>> {
    // TODO: read the optional query parameters `published` (true or false) and `tag`, and
    // answer only the articles that match every parameter given (none given: all of them).
    //
    // TODO: an invalid value such as `?published=maybe` must answer 400 Bad Request with the
    // JSON body `{"error": "invalid_query", "message": "<what was wrong>"}` (see `ErrorBody`),
    // not axum's plain-text default. You will need to change this function's signature.
    todo!("filter the {} articles", state.articles.len())
}
