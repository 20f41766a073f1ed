//! `GET /export?symbols=ACME,INIT`: a synchronous legacy export that needs prices from an
//! async client. Sync code calls async code through a runtime `Handle`, on a thread where
//! blocking is allowed.

mod blocking_prices;
mod error;
mod legacy;
mod prices;

use axum::extract::{Query, State};
use axum::http::{HeaderName, header};
use axum::{Router, debug_handler, routing::get};
use serde::Deserialize;

pub use blocking_prices::BlockingPrices;
pub use error::{ApiError, ErrorBody};
pub use legacy::{PriceSource, export_csv};
pub use prices::{Price, PriceClient, PriceError};

pub fn app(prices: BlockingPrices) -> Router {
    Router::new()
        .route("/export", get(export))
        .with_state(prices)
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// Comma-separated symbols: `ACME,INIT`.
    pub symbols: String,
}

// ANCHOR: handler
#[debug_handler]
async fn export(
    State(prices): State<BlockingPrices>,
    Query(query): Query<ExportQuery>,
) -> Result<([(HeaderName, &'static str); 1], String), ApiError> {
    let symbols: Vec<String> = query
        .symbols
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    // The export is sync code that blocks on async calls: it needs a thread where blocking is
    // allowed. On this async thread, its `block_on` would panic.
    let csv = tokio::task::spawn_blocking(move || export_csv(&prices, &symbols))
        .await
        .map_err(|_| ApiError::internal("the export failed"))??;
    Ok(([(header::CONTENT_TYPE, "text/csv")], csv))
}
// ANCHOR_END: handler
