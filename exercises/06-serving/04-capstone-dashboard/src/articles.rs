//! The articles, as the API shows them, and their routes.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

use crate::{ApiError, AppState, queries};

/// One article in a list: what a dashboard or an index page shows.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub views: i64,
}

/// One article, whole.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub author: String,
    pub body: String,
    pub views: i64,
}

/// The answer to counting a view: the article's count after it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ViewCount {
    pub slug: String,
    pub views: i64,
}

/// Aggregates over every article. Over no articles, COUNT and SUM are 0 but AVG and MAX are
/// NULL: hence the `Option`s.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Stats {
    pub articles: i64,
    pub total_views: i64,
    pub average_views: Option<f64>,
    pub most_views: Option<i64>,
}

/// `GET /articles`: every article, most read first.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<ArticleSummary>>, ApiError> {
    Ok(Json(queries::most_read(&state.db, None).await?))
}

/// `GET /articles/{slug}`.
pub async fn detail(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    let article = queries::article(&state.db, &slug).await?;
    article.map(Json).ok_or_else(|| not_found(&slug))
}

/// `POST /articles/{slug}/views`: counts one view, which changes the dashboard.
pub async fn add_view(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ViewCount>, ApiError> {
    let views = queries::add_view(&state.db, &slug).await?;
    let views = views.ok_or_else(|| not_found(&slug))?;
    // The dashboard shows the views: its cached copy is out of date, and live viewers get
    // the new one.
    crate::live::data_changed(&state);
    Ok(Json(ViewCount { slug, views }))
}

/// `GET /stats`.
pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    Ok(Json(queries::stats(&state.db).await?))
}

pub fn not_found(slug: &str) -> ApiError {
    ApiError::NotFound(format!("no article has the slug `{slug}`"))
}
