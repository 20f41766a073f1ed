//! The authentication middleware: Django's `AuthenticationMiddleware` plus a
//! `login_required`, for every route it wraps.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::Unauthorized;
use crate::users::Users;

/// Lets a request through only with `Authorization: Bearer <token>` of a known user, and
/// gives the handler that `User` through the request's extensions.
pub async fn require_user(
    State(users): State<Users>,
    request: Request,
    next: Next,
) -> Result<Response, Unauthorized> {
    // TODO: find the user of the request's bearer token with `users.find(token)`. No header,
    // another scheme, an empty or unknown token: answer `Err(Unauthorized)`, all the same way,
    // and do not call `next`. A known user: insert it into the request's extensions, then let
    // `next` answer.
    let _ = (users, next);
    todo!(
        "authenticate {} {} ({:?})",
        request.method(),
        request.uri(),
        request.headers().get("authorization")
    )
}
