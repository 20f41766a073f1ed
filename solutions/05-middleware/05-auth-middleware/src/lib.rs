//! Authentication as middleware with state: `GET /me` and `POST /cache/purge` need a valid
//! bearer token, `/health` does not. A refused request never reaches a handler; an accepted
//! one brings its `User` along in the request's extensions.

mod auth;
mod error;
mod users;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Json, Router, middleware};
use serde::Serialize;

pub use auth::require_user;
pub use error::{ErrorBody, Unauthorized};
pub use users::{ADA_TOKEN, BOB_TOKEN, User, Users, sample_users};

#[derive(Clone)]
pub struct AppState {
    pub users: Users,
    /// How many times the cache was purged: a refused request must not add to it.
    pub purges: Arc<AtomicUsize>,
}

impl AppState {
    pub fn new(users: Users) -> Self {
        Self {
            users,
            purges: Arc::default(),
        }
    }

    pub fn purges(&self) -> usize {
        self.purges.load(Ordering::SeqCst)
    }
}

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    // The middleware has its own state, the users; the handlers have theirs.
    let auth = middleware::from_fn_with_state(state.users.clone(), require_user);
    let protected = Router::new()
        .route("/me", get(me))
        .route("/cache/purge", post(purge_cache))
        // `route_layer`: only these routes. An unknown path stays a 404, not a 401.
        .route_layer(auth);
    Router::new()
        .route("/health", get(health))
        .merge(protected)
        .with_state(state)
}
// ANCHOR_END: app

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

// ANCHOR: me
/// `GET /me`: the user the middleware found, like `request.user` in Django.
async fn me(Extension(user): Extension<User>) -> Json<User> {
    Json(user)
}
// ANCHOR_END: me

#[derive(Debug, Serialize)]
pub struct Purged {
    pub purges: usize,
}

// ANCHOR: purge
/// `POST /cache/purge`: protected, but it does not need to know who asked, so it takes no
/// `Extension<User>`. Only the middleware stands between it and an anonymous client.
async fn purge_cache(State(state): State<AppState>) -> Json<Purged> {
    let purges = state.purges.fetch_add(1, Ordering::SeqCst) + 1;
    Json(Purged { purges })
}
// ANCHOR_END: purge
