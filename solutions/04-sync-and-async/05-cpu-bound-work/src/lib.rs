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

// ANCHOR: state
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
// ANCHOR_END: state

pub fn app(state: AppState) -> Router {
    Router::new().route("/login", post(login)).with_state(state)
}

#[derive(Debug, Serialize)]
pub struct Welcome {
    pub username: String,
}

// ANCHOR: login
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
// ANCHOR_END: login

// ANCHOR: check_password
/// Hashes `password` on the blocking pool and compares it with the stored hash, waiting for a
/// permit first, so that at most `max_hashing` hashes run at once.
async fn check_password(
    state: &AppState,
    password: String,
    stored: StoredPassword,
) -> Result<bool, ApiError> {
    // Waiting for a permit is async: queued logins sleep, they hold no thread.
    let permit = Arc::clone(&state.hashing)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("the hashing pool is closed"))?;
    let hasher = state.hasher.clone();
    tokio::task::spawn_blocking(move || {
        // Moved in, so the permit is held until the hash is done, even if the request that
        // asked for it is cancelled meanwhile.
        let _permit = permit;
        hasher.hash(&password, &stored.salt) == stored.hash
    })
    .await
    .map_err(|_| ApiError::internal("the password check failed"))
}
// ANCHOR_END: check_password
