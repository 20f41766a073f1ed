//! The dashboard as it was before the change: leave this file as it is. The tests measure it
//! beside your `app`, so there is always a "before" to compare with.

use axum::extract::State;
use axum::{Json, Router, routing::get};

use crate::{AppState, Dashboard, UpstreamError, upstream};

/// The app as it was: the same routes as [`crate::app`], with the handler below.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/stats", get(crate::stats))
        .with_state(state)
}

/// `GET /dashboard`, before: every dashboard built is counted in `stats`.
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, UpstreamError> {
    let mut stats = state.stats.lock().await;
    let headlines = upstream::news(&state).await?;
    let weather = upstream::weather(&state).await?;
    let stocks = upstream::stocks(&state).await?;
    stats.dashboards += 1;
    Ok(Json(Dashboard {
        headlines,
        weather,
        stocks,
    }))
}
