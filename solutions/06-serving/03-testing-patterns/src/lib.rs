//! Unique readers: `POST /articles/{slug}/read` records that the client read an article, and
//! counts each client address once, like `request.META["REMOTE_ADDR"]` in Django.
//!
//! The client's address belongs to the connection, not to the request: a test that sends
//! requests straight into the router has no connection, and a real server only provides it
//! when asked to. The tests show both ways of testing this endpoint.

mod error;

use std::collections::{HashMap, HashSet};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{ConnectInfo, Path, State};
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

// ANCHOR: record_read
async fn record_read(
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ReadCount>, ApiError> {
    let mut readers = state.readers.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(article_readers) = readers.get_mut(&slug) else {
        return Err(ApiError::NotFound(format!(
            "no article has the slug `{slug}`"
        )));
    };
    // The address without its port: each new connection from one client has a new port.
    let first_read = article_readers.insert(client.ip());
    Ok(Json(ReadCount {
        unique_readers: article_readers.len(),
        slug,
        first_read,
    }))
}
// ANCHOR_END: record_read

// ANCHOR: serve
/// Serves `app` the way `main` does, with each connection's peer address available to
/// handlers as `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, app: Router) -> io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
// ANCHOR_END: serve
