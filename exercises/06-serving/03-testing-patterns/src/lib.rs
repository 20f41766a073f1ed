//! Unique readers: `POST /articles/{slug}/read` records that the client read an article, and
//! counts each client address once, like `request.META["REMOTE_ADDR"]` in Django.
//!
//! The client's address belongs to the connection, not to the request: a test that sends
//! requests straight into the router has no connection, and a real server only provides it
//! when asked to. The tests show both ways of testing this endpoint.

mod error;

use std::collections::{HashMap, HashSet};
use std::io;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::{Json, Router, routing::post};
use serde::Serialize;
use tokio::net::TcpListener;

pub use error::{ApiError, ErrorBody};

/// For each article, the addresses that read it.
#[derive(Clone, Default)]
pub struct AppState {
    readers: Arc<Mutex<HashMap<String, HashSet<IpAddr>>>>,
}

impl AppState {
    /// An app that knows the articles `slugs`, none of them read yet.
    pub fn new<'a>(slugs: impl IntoIterator<Item = &'a str>) -> Self {
        let readers = slugs
            .into_iter()
            .map(|slug| (slug.to_owned(), HashSet::new()))
            .collect();
        Self {
            readers: Arc::new(Mutex::new(readers)),
        }
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/articles/{slug}/read", post(record_read))
        .with_state(state)
}

/// The answer to a read: how many distinct addresses have read the article, and whether
/// this was the first read from this one.
#[derive(Debug, Serialize)]
pub struct ReadCount {
    pub slug: String,
    pub unique_readers: usize,
    pub first_read: bool,
}

async fn record_read(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ReadCount>, ApiError> {
    // TODO: take the client's address as an extractor (`ConnectInfo<SocketAddr>`), record its
    // IP address (not the port) among the readers of article `slug`, and answer how many
    // distinct addresses have read it and whether this was this address's first read. An
    // unknown slug is `ApiError::NotFound`.
    let known = state.readers.lock().map(|r| r.len()).unwrap_or(0);
    todo!("record a read of `{slug}` (the app knows {known} articles)")
}

/// Serves `app` the way `main` does, with each connection's peer address available to
/// handlers as `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, app: Router) -> io::Result<()> {
    // TODO: serve `app` on `listener` so that handlers can extract `ConnectInfo<SocketAddr>`.
    let _ = app;
    todo!("serve on {:?}", listener.local_addr())
}
