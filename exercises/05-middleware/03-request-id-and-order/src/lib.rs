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

pub fn app(log: Log) -> Router {
    // TODO: these layers are listed in the order a request should meet them: first give it an
    // id, then log it, then check its key. That is not how `Router::layer` stacks them. Put
    // them in the order that lets the access log see every request with its id (refused ones
    // too), and sends the id back on every response (the 401s too). The log will show you.
    Router::new()
        .route("/whoami", get(whoami))
        .layer(middleware::from_fn(request_id))
        .layer(middleware::from_fn_with_state(log.clone(), access_log))
        .layer(middleware::from_fn_with_state(log.clone(), require_api_key))
        .with_state(log)
}

#[derive(Debug, Serialize)]
pub struct WhoAmI {
    pub request_id: String,
}

/// `GET /whoami`: answers the request id the handler sees.
pub async fn whoami(
    State(log): State<Log>,
    Extension(RequestId(id)): Extension<RequestId>,
) -> Json<WhoAmI> {
    log.record('→', "handler", format!("request id {id}"));
    Json(WhoAmI { request_id: id })
}
