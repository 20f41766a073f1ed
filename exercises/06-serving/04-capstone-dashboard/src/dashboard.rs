//! Stage 2: `GET /dashboard`. Three services and two queries at once; a service that fails
//! or is too slow costs only its own section.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::articles::{ArticleSummary, Stats};
use crate::cache::CacheStatus;
use crate::upstream::{Headline, Quote, Weather};
use crate::{ApiError, AppState};

/// How many of the most read articles the dashboard shows.
pub const TOP_ARTICLES: i64 = 3;

#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub news: Option<Vec<Headline>>,
    pub weather: Option<Weather>,
    pub stocks: Option<Vec<Quote>>,
    /// Why a section is `null`, by section name. Empty when every service answered.
    pub errors: BTreeMap<&'static str, String>,
    pub top_articles: Vec<ArticleSummary>,
    pub stats: Stats,
}

impl Dashboard {
    /// Every service answered.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Builds the dashboard: the five calls run at the same time, so it takes as long as the
/// slowest one, and no service may take longer than `section_timeout`.
pub async fn build(state: &AppState) -> Result<Dashboard, ApiError> {
    // TODO: call the three services (`upstream::news`, `upstream::weather`,
    // `upstream::stocks`, with `state.http` and the URLs in `state.config`) and run the two
    // queries (`queries::most_read(&state.db, Some(TOP_ARTICLES))`, `queries::stats`), all
    // at the same time. Give each service at most `state.config.section_timeout`; a service
    // that fails or is too late leaves its section `None`, with the reason in `errors`.
    todo!(
        "build the dashboard from {} and the database",
        state.config.news_url
    )
}

/// `GET /dashboard`, served from the cache while it is fresh. `X-Cache` says which.
pub async fn dashboard(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (dashboard, status) = state.cache.get_or_build(|| build(&state)).await?;
    let mut response = Json(&*dashboard).into_response();
    let status = match status {
        CacheStatus::Hit => "hit",
        CacheStatus::Miss => "miss",
    };
    response
        .headers_mut()
        .insert("x-cache", HeaderValue::from_static(status));
    Ok(response)
}
