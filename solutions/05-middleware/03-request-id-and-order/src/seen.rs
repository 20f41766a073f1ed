//! What a layer can see of the request id, written the same way by every layer's log line.

use axum::extract::Request;
use axum::response::Response;

use crate::request_id::{REQUEST_ID, RequestId};

/// The id in the request's extensions, or `(none)` if no layer outside this one set it.
pub fn id_of_request(request: &Request) -> String {
    match request.extensions().get::<RequestId>() {
        Some(RequestId(id)) => id.clone(),
        None => "(none)".to_owned(),
    }
}

/// The `x-request-id` of a response on its way out, or `(not set)` if no layer inside set it.
pub fn id_of_response(response: &Response) -> String {
    response
        .headers()
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("(not set)")
        .to_owned()
}
