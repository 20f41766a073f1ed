//! Stage 2: `GET /dashboard`. Three services and two queries at once; a service that fails
//! or is too slow costs only its own section.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::articles::{ArticleSummary, Stats};
use crate::cache::CacheStatus;
use crate::upstream::{self, Headline, Quote, UpstreamError, Weather};
use crate::{ApiError, AppState, queries};

/// How many of the most read articles the dashboard shows.
pub const TOP_ARTICLES: i64 = 3;

// ANCHOR: dashboard_type
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
// ANCHOR_END: dashboard_type

impl Dashboard {
    /// Every service answered.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}

// ANCHOR: build
/// Builds the dashboard: the five calls run at the same time, so it takes as long as the
/// slowest one, and no service may take longer than `section_timeout`.
pub async fn build(state: &AppState) -> Result<Dashboard, ApiError> {
    let (http, config) = (&state.http, &state.config);
    let budget = config.section_timeout;
    // `join!`, not `try_join!`: a failed section is a value to report, not a reason to stop.
    let (news, weather, stocks, top_articles, stats) = tokio::join!(
        within(budget, upstream::news(http, &config.news_url)),
        within(budget, upstream::weather(http, &config.weather_url)),
        within(budget, upstream::stocks(http, &config.stocks_url)),
        queries::most_read(&state.db, Some(TOP_ARTICLES)),
        queries::stats(&state.db),
    );
    let mut errors = BTreeMap::new();
    Ok(Dashboard {
        news: section("news", news, &mut errors),
        weather: section("weather", weather, &mut errors),
        stocks: section("stocks", stocks, &mut errors),
        errors,
        // Our own database failing is our failure: a 500, not a missing section.
        top_articles: top_articles?,
        stats: stats?,
    })
}

/// Runs `call` for at most `budget`; when the budget runs out, the call is dropped, which
/// cancels its request.
async fn within<T>(
    budget: Duration,
    call: impl Future<Output = Result<T, UpstreamError>>,
) -> Result<T, UpstreamError> {
    tokio::time::timeout(budget, call)
        .await
        .unwrap_or(Err(UpstreamError::Timeout(budget)))
}

/// A section's value, or `None` with the reason recorded under its name.
fn section<T>(
    name: &'static str,
    result: Result<T, UpstreamError>,
    errors: &mut BTreeMap<&'static str, String>,
) -> Option<T> {
    result.map_err(|e| errors.insert(name, e.to_string())).ok()
}
// ANCHOR_END: build

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
