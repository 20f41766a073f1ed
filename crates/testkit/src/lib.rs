//! Test support for the workshop's exercises.
//!
//! Every file in `tests/` is compiled twice, once against the learner's crate and once against
//! the reference solution, so everything here speaks to both: it only sees a `Router` or a URL,
//! never exercise internals. Failure messages are written for the learner reading them.

pub mod blocking;
pub mod client;
pub mod db;
pub mod live;
pub mod load;
pub mod middleware;
mod panics;
pub mod probe;
pub mod root;
pub mod server;
pub mod serving;
pub mod snapshot;
pub mod upstream;
mod verdict;

pub use client::{TestClient, TestRequest, TestResponse};
pub use probe::InFlight;
pub use server::TestServer;

// Re-exported so test files need no direct dependency on them.
pub use axum;
pub use futures;
pub use http_types::{HeaderValue, Method, StatusCode, header};
pub use insta;
pub use reqwest;
pub use serde_json::{self, Value, json};
pub use tokio;
/// The WebSocket client of chapter 7's tests.
pub use tokio_tungstenite;

mod http_types {
    pub use axum::http::{HeaderValue, Method, StatusCode, header};
}

/// The workspace root, for fixtures that live beside the tests (snapshots, data files), found
/// when the test runs (see [`root`]), so a moved checkout reads its own.
pub use root::workspace_root;
