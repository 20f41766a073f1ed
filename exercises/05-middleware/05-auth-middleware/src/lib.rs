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
use axum::{Extension, Json, Router};
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

pub fn app(state: AppState) -> Router {
    // TODO: `/me` and `/cache/purge` need `require_user` (in src/auth.rs); `/health`, and paths
    // that do not exist, must not. Add the middleware with
    // `middleware::from_fn_with_state(state.users.clone(), require_user)` to those two routes
    // only.
    Router::new()
        .route("/health", get(health))
        .route("/me", get(me))
        .route("/cache/purge", post(purge_cache))
        .with_state(state)
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// `GET /me`: the user the middleware found, like `request.user` in Django.
async fn me(Extension(user): Extension<User>) -> Json<User> {
    Json(user)
}

#[derive(Debug, Serialize)]
pub struct Purged {
    pub purges: usize,
}

/// `POST /cache/purge`: protected, but it does not need to know who asked, so it takes no
/// `Extension<User>`. Only the middleware stands between it and an anonymous client.
async fn purge_cache(State(state): State<AppState>) -> Json<Purged> {
    let purges = state.purges.fetch_add(1, Ordering::SeqCst) + 1;
    Json(Purged { purges })
}
