//! `GET /stores/{store}/report`: a sales report from a slow, synchronous legacy generator,
//! served by an async handler that must not stall every other request while it waits.

mod error;
mod legacy;

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};

pub use error::{ApiError, ErrorBody};
pub use legacy::{Report, ReportGenerator, SlowWarehouse, Warehouse, sample_sales};

// ANCHOR: app
pub fn app(reports: ReportGenerator) -> Router {
    Router::new()
        .route("/stores/{store}/report", get(store_report))
        .with_state(reports)
}
// ANCHOR_END: app

// ANCHOR: handler
#[debug_handler]
async fn store_report(
    State(reports): State<ReportGenerator>,
    Path(store): Path<u32>,
) -> Result<Json<Report>, ApiError> {
    // The generator blocks its thread for as long as the warehouse takes. Give it a thread of
    // the blocking pool, and await the result: this task sleeps, the runtime keeps serving.
    let report = tokio::task::spawn_blocking(move || reports.generate(store))
        .await
        .map_err(|_| ApiError::internal("the report generator failed"))?;
    Ok(Json(report))
}
// ANCHOR_END: handler
