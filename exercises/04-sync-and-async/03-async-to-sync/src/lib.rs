//! `GET /export?symbols=ACME,INIT`: a synchronous legacy export that needs prices from an
//! async client. Sync code calls async code through a runtime `Handle`, on a thread where
//! blocking is allowed.

mod blocking_prices;
mod error;
mod legacy;
mod prices;

use axum::extract::{Query, State};
use axum::http::HeaderName;
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

#[debug_handler]
async fn export(
    State(prices): State<BlockingPrices>,
    Query(query): Query<ExportQuery>,
) -> Result<([(HeaderName, &'static str); 1], String), ApiError> {
    // TODO: split `query.symbols` at commas into a `Vec<String>`, run the legacy
    // `export_csv(&prices, &symbols)` and answer the CSV with `content-type: text/csv`.
    //
    // `export_csv` is sync code that blocks on async calls. Call it right here and watch the
    // check's message; then find it a thread where blocking is allowed.
    todo!("export {} with {prices:?}", query.symbols)
}
