//! The authentication middleware: Django's `AuthenticationMiddleware` plus a
//! `login_required`, for every route it wraps.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::Unauthorized;
use crate::users::Users;

// ANCHOR: require_user
/// Lets a request through only with `Authorization: Bearer <token>` of a known user, and
/// gives the handler that `User` through the request's extensions.
pub async fn require_user(
    State(users): State<Users>,
    mut request: Request,
    next: Next,
) -> Result<Response, Unauthorized> {
    let user = bearer_token(request.headers())
        .and_then(|token| users.find(token))
        .ok_or(Unauthorized)?;
    // Returned above, the handler never runs; from here on, it always has a user.
    request.extensions_mut().insert(user);
    Ok(next.run(request).await)
}
// ANCHOR_END: require_user

// ANCHOR: bearer_token
/// The token of `Authorization: Bearer <token>`, if the header has that shape. The scheme is
/// case-insensitive (RFC 9110); the token is not.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
// ANCHOR_END: bearer_token
