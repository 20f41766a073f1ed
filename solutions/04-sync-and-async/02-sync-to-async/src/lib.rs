//! `GET /invoices/{name}`: invoices read by a synchronous legacy reader, wrapped for async
//! callers so that its errors and even its panics come back as values.

mod bridge;
mod error;
mod legacy;

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};

pub use bridge::{BridgeError, panic_message, sync_to_async};
pub use error::{ApiError, ErrorBody};
pub use legacy::{Invoice, InvoiceLine, InvoiceReader, ReadError};

pub fn app(reader: InvoiceReader) -> Router {
    Router::new()
        .route("/invoices/{name}", get(invoice))
        .with_state(reader)
}

// ANCHOR: handler
#[debug_handler]
async fn invoice(
    State(reader): State<InvoiceReader>,
    Path(name): Path<String>,
) -> Result<Json<Invoice>, ApiError> {
    // `?` turns every `BridgeError` into its response, through `From<BridgeError<ReadError>>`.
    let invoice = sync_to_async(move || reader.read(&name)).await?;
    Ok(Json(invoice))
}
// ANCHOR_END: handler
