//! Request ids: keep the one a client or proxy sent, or make one; show it to every layer and
//! handler inside, and send it back.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// `X-Request-Id`, the header load balancers and tracing tools use.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming id kept. Longer ones are replaced: an id is copied into every log line.
pub const MAX_ID_LEN: usize = 64;

/// The request's id, in the request's extensions for every layer and handler inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

// ANCHOR: request_id
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(usable_id)
        .unwrap_or_else(new_request_id);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    // Both kinds of id are letters, digits, `-`, `_` and `.`: always a valid header value.
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
// ANCHOR_END: request_id

/// An incoming id is kept if it is 1 to [`MAX_ID_LEN`] letters, digits, `-`, `_` or `.`.
/// Anything else (spaces, quotes, newlines, kilobytes) is someone else's problem in our logs.
fn usable_id(value: &HeaderValue) -> Option<String> {
    let id = value.to_str().ok()?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    let usable = (1..=MAX_ID_LEN).contains(&id.len()) && id.bytes().all(allowed);
    usable.then(|| id.to_owned())
}

// ANCHOR: new_request_id
/// A new id, unique in this process (a counter) and unlikely to repeat across restarts (a
/// random prefix, drawn once). Not a secret and not a UUID: it only has to tell requests apart.
pub fn new_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static PREFIX: OnceLock<u64> = OnceLock::new();
    // std's `RandomState` is seeded from the OS: hashing nothing with it gives a random number.
    let prefix = PREFIX.get_or_init(|| RandomState::new().hash_one(()));
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{:08x}-{number:06}", prefix >> 32)
}
// ANCHOR_END: new_request_id
