//! Three middleware around one handler, and a log of what each one saw: the order of the
//! layers is the order of the onion, and this app needs one particular order.
//!
//! - `request_id` keeps the client's `X-Request-Id` or makes one, shows it to everything
//!   inside, and sends it back;
//! - `access_log` logs every request, refused ones included, with its id;
//! - `require_api_key` refuses requests without `X-Api-Key: workshop-key` with a JSON 401.

mod access_log;
mod api_key;
mod error;
mod log;
mod request_id;
mod seen;

use axum::extract::State;
use axum::{Extension, Json, Router, middleware, routing::get};
use serde::Serialize;

pub use access_log::access_log;
pub use api_key::{API_KEY, require_api_key};
pub use error::{ErrorBody, Unauthorized};
pub use log::Log;
pub use request_id::{MAX_ID_LEN, REQUEST_ID, RequestId, new_request_id, request_id};

// ANCHOR: app
pub fn app(log: Log) -> Router {
    Router::new()
        .route("/whoami", get(whoami))
        // Innermost: only requests with the key reach the handler.
        .layer(middleware::from_fn_with_state(log.clone(), require_api_key))
        // Around it: every request is logged, refused ones too, with its id.
        .layer(middleware::from_fn_with_state(log.clone(), access_log))
        // Outermost: every layer inside sees the id, every response carries it.
        .layer(middleware::from_fn(request_id))
        .with_state(log)
}
// ANCHOR_END: app

#[derive(Debug, Serialize)]
pub struct WhoAmI {
    pub request_id: String,
}

// ANCHOR: whoami
/// `GET /whoami`: answers the request id the handler sees.
pub async fn whoami(
    State(log): State<Log>,
    Extension(RequestId(id)): Extension<RequestId>,
) -> Json<WhoAmI> {
    log.record('→', "handler", format!("request id {id}"));
    Json(WhoAmI { request_id: id })
}
// ANCHOR_END: whoami
