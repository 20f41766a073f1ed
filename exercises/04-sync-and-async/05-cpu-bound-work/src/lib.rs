//! `POST /login`: checking a password is CPU work by design. It runs on the blocking pool, at
//! most a few at once, so that a burst of logins neither stalls the async threads nor takes
//! every core.

mod error;
mod hashing;
mod users;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::{Json, Router, debug_handler, routing::post};
use serde::Serialize;
use tokio::sync::Semaphore;

pub use error::{ApiError, ErrorBody};
pub use hashing::{PasswordHasher, ROUNDS, stretch};
pub use users::{Credentials, StoredPassword, sample_users};

#[derive(Clone)]
pub struct AppState {
    pub users: Arc<HashMap<String, StoredPassword>>,
    pub hasher: PasswordHasher,
    /// One permit per hash allowed to run at once.
    pub hashing: Arc<Semaphore>,
}

impl AppState {
    /// `max_hashing`: how many hashes may run at once. The number of cores is a good choice:
    /// more only makes them share the cores, and each takes longer.
    pub fn new(
        users: HashMap<String, StoredPassword>,
        hasher: PasswordHasher,
        max_hashing: usize,
    ) -> Self {
        Self {
            users: Arc::new(users),
            hasher,
            hashing: Arc::new(Semaphore::new(max_hashing)),
        }
    }
}

pub fn app(state: AppState) -> Router {
    Router::new().route("/login", post(login)).with_state(state)
}

#[derive(Debug, Serialize)]
pub struct Welcome {
    pub username: String,
}

#[debug_handler]
async fn login(
    State(state): State<AppState>,
    credentials: Result<Json<Credentials>, JsonRejection>,
) -> Result<Json<Welcome>, ApiError> {
    let Json(Credentials { username, password }) = credentials?;
    let stored = state
        .users
        .get(&username)
        .cloned()
        .ok_or_else(ApiError::invalid_credentials)?;
    if check_password(&state, password, stored).await? {
        Ok(Json(Welcome { username }))
    } else {
        Err(ApiError::invalid_credentials())
    }
}

/// Hashes `password` on the blocking pool and compares it with the stored hash, waiting for a
/// permit first, so that at most `max_hashing` hashes run at once.
async fn check_password(
    state: &AppState,
    password: String,
    stored: StoredPassword,
) -> Result<bool, ApiError> {
    // TODO: compare `state.hasher.hash(&password, &stored.salt)` with `stored.hash`.
    //
    // The hash is CPU work that takes a while: keep it off the async thread
    // (`tokio::task::spawn_blocking`), and let at most `max_hashing` of them run at once by
    // holding a permit of `state.hashing` for as long as the hash runs.
    todo!(
        "check {} characters against {stored:?} with {} permits",
        password.len(),
        state.hashing.available_permits()
    )
}
