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

#[debug_handler]
async fn invoice(
    State(reader): State<InvoiceReader>,
    Path(name): Path<String>,
) -> Result<Json<Invoice>, ApiError> {
    // TODO: read invoice `name` with `reader.read(&name)` through your `sync_to_async`, and
    // answer it as JSON. `?` turns a `BridgeError<ReadError>` into the right `ApiError`.
    todo!("read invoice `{name}` with {reader:?}")
}
