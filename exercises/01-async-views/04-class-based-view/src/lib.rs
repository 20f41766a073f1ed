//! A "class-based view": one resource, `/articles/{slug}`, where `GET` shows the article and
//! `POST` counts a view. Many POSTs can arrive at once; none of their increments may be lost,
//! and none may wait for another's analytics call.

mod analytics;
mod articles;
mod error;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};
use serde::Serialize;

pub use analytics::Analytics;
pub use articles::{Article, sample_articles};
pub use error::{ApiError, ErrorBody};

/// The articles sit behind a `std::sync::Mutex`: every access is short and never awaits,
/// which is exactly when a blocking mutex is the right tool.
#[derive(Clone)]
pub struct AppState {
    pub articles: Arc<Mutex<HashMap<String, Article>>>,
    pub analytics: Analytics,
}

impl AppState {
    pub fn new(articles: Vec<Article>, analytics: Analytics) -> Self {
        let by_slug = articles.into_iter().map(|a| (a.slug.clone(), a)).collect();
        Self {
            articles: Arc::new(Mutex::new(by_slug)),
            analytics,
        }
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route(
            "/articles/{slug}",
            get(article_view::get).post(article_view::post),
        )
        .with_state(state)
}

/// The answer to a `POST`: the article's view count after this view.
#[derive(Debug, Serialize)]
pub struct ViewCount {
    pub slug: String,
    pub views: u64,
}

/// Django's `class ArticleView(View)` with `async def get` and `async def post`: the methods
/// of one resource, grouped in a module. The router does the dispatching.
mod article_view {
    use super::*;

    // `#[debug_handler]` turns axum's famously long "Handler is not implemented" errors into
    // one that points at the real problem. Keep it while you work.
    #[debug_handler]
    pub async fn get(
        State(state): State<AppState>,
        Path(slug): Path<String>,
    ) -> Result<Json<Article>, ApiError> {
        // TODO: answer the article `slug` from `state.articles`, or a 404 (`ApiError::NotFound`).
        todo!("show `{slug}` from {} articles", state.analytics.recorded())
    }

    #[debug_handler]
    pub async fn post(
        State(state): State<AppState>,
        Path(slug): Path<String>,
    ) -> Result<Json<ViewCount>, ApiError> {
        // TODO: add one to the views of article `slug` (404 if there is none), record the view
        // with `state.analytics.record_view(&slug).await`, and answer the new count.
        //
        // A hundred POSTs may run this at the same time. No increment may be lost, and no
        // request may wait for another's analytics call: see the page for the two classic
        // ways to get this wrong.
        todo!(
            "count a view of `{slug}` ({} so far)",
            state.analytics.recorded()
        )
    }
}
