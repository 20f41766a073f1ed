//! Request ids: keep the one a client or proxy sent, or make one; show it to every layer and
//! handler inside, and send it back.

use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::Response;

/// `X-Request-Id`, the header load balancers and tracing tools use.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming id kept. Longer ones are replaced: an id is copied into every log line.
pub const MAX_ID_LEN: usize = 64;

/// The request's id, in the request's extensions for every layer and handler inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

pub async fn request_id(request: Request, next: Next) -> Response {
    // TODO: the request's id is its `X-Request-Id` header if that is 1 to `MAX_ID_LEN`
    // letters, digits, `-`, `_` or `.`; otherwise a `new_request_id()`. Put `RequestId(id)`
    // in the request's extensions, let `next` answer, and add `X-Request-Id: id` to the
    // response.
    let _ = next;
    todo!(
        "find or make the id of {} {}",
        request.method(),
        request.uri()
    )
}

/// A new id, different from every other one this process makes.
pub fn new_request_id() -> String {
    // TODO: std is enough: a counter that never repeats, and something that keeps two runs of
    // the server apart.
    todo!("make a request id")
}
