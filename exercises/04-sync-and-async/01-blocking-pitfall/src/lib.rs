//! `GET /stores/{store}/report`: a sales report from a slow, synchronous legacy generator,
//! served by an async handler that must not stall every other request while it waits.

mod error;
mod legacy;

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};

pub use error::{ApiError, ErrorBody};
pub use legacy::{Report, ReportGenerator, SlowWarehouse, Warehouse, sample_sales};

pub fn app(reports: ReportGenerator) -> Router {
    Router::new()
        .route("/stores/{store}/report", get(store_report))
        .with_state(reports)
}

#[debug_handler]
async fn store_report(
    State(reports): State<ReportGenerator>,
    Path(store): Path<u32>,
) -> Result<Json<Report>, ApiError> {
    // TODO: answer `reports.generate(store)` as JSON, without blocking the async thread.
    //
    // `generate` is synchronous and holds its thread until the warehouse answers. Called
    // right here, it stops every other request on this thread. Try that first and read what
    // the check says; then give it a thread of its own with `tokio::task::spawn_blocking`.
    todo!("the report of store {store} from the {reports:?}")
}
