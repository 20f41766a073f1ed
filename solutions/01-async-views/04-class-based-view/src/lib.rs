//! A "class-based view": one resource, `/articles/{slug}`, where `GET` shows the article and
//! `POST` counts a view. Many POSTs can arrive at once; none of their increments may be lost,
//! and none may wait for another's analytics call.

mod analytics;
mod articles;
mod error;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};
use serde::Serialize;

pub use analytics::Analytics;
pub use articles::{Article, sample_articles};
pub use error::{ApiError, ErrorBody};

// ANCHOR: state
/// The articles sit behind a `std::sync::Mutex`: every access is short and never awaits,
/// which is exactly when a blocking mutex is the right tool.
#[derive(Clone)]
pub struct AppState {
    pub articles: Arc<Mutex<HashMap<String, Article>>>,
    pub analytics: Analytics,
}
// ANCHOR_END: state

impl AppState {
    pub fn new(articles: Vec<Article>, analytics: Analytics) -> Self {
        let by_slug = articles.into_iter().map(|a| (a.slug.clone(), a)).collect();
        Self {
            articles: Arc::new(Mutex::new(by_slug)),
            analytics,
        }
    }
}

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    Router::new()
        .route(
            "/articles/{slug}",
            get(article_view::get).post(article_view::post),
        )
        .with_state(state)
}
// ANCHOR_END: app

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

    // ANCHOR: get
    #[debug_handler]
    pub async fn get(
        State(state): State<AppState>,
        Path(slug): Path<String>,
    ) -> Result<Json<Article>, ApiError> {
        let articles = state
            .articles
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let article = articles.get(&slug).ok_or_else(|| not_found(&slug))?;
        Ok(Json(article.clone()))
    }
    // ANCHOR_END: get

    // ANCHOR: post
    #[debug_handler]
    pub async fn post(
        State(state): State<AppState>,
        Path(slug): Path<String>,
    ) -> Result<Json<ViewCount>, ApiError> {
        // Read, add and write under one lock, and let the guard go before any `.await`.
        let views = {
            let mut articles = state
                .articles
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let article = articles.get_mut(&slug).ok_or_else(|| not_found(&slug))?;
            article.views += 1;
            article.views
        };
        state.analytics.record_view(&slug).await;
        Ok(Json(ViewCount { slug, views }))
    }
    // ANCHOR_END: post
}

fn not_found(slug: &str) -> ApiError {
    ApiError::NotFound(format!("no article has the slug `{slug}`"))
}
