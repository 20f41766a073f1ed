//! `GET /dashboard`, after the change.

use axum::Json;
use axum::extract::State;

use crate::{AppState, Dashboard, UpstreamError, upstream};

// ANCHOR: after
/// `GET /dashboard`: the headlines, the weather and the quotes, counted in `stats`. The three
/// calls are in flight together, so a dashboard takes as long as the slowest of them; the
/// lock is taken once they are done, for the `+= 1` only, so dashboards never wait for
/// each other's upstream calls.
pub async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, UpstreamError> {
    let (headlines, weather, stocks) = tokio::try_join!(
        upstream::news(&state),
        upstream::weather(&state),
        upstream::stocks(&state),
    )?;
    state.stats.lock().await.dashboards += 1;
    Ok(Json(Dashboard {
        headlines,
        weather,
        stocks,
    }))
}
// ANCHOR_END: after
