//! Server-sent events: `GET /dashboard/events` sends every dashboard update as it happens,
//! each with its id, keeps idle connections alive, and lets a client that reconnects resume
//! where it left off (the `Last-Event-ID` header every browser's `EventSource` sends).
//!
//! Layout: `feed.rs` keeps the updates and sends them live (provided); this file is the
//! endpoint.

mod feed;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Router, routing::get};

pub use feed::{Feed, Update};

/// The `event:` name of every update, what `EventSource.addEventListener` listens for.
pub const EVENT_NAME: &str = "update";

pub fn app(feed: Feed) -> Router {
    Router::new()
        .route("/dashboard/events", get(dashboard_events))
        .with_state(feed)
}

async fn dashboard_events(State(feed): State<Feed>, headers: HeaderMap) -> Response {
    // TODO: answer with server-sent events (`axum::response::sse::Sse`): first the updates
    // the client missed (`feed.since(id)`, with the id from the `Last-Event-ID` header, 0 when
    // absent), then every new one from the receiver. Each update is an `Event` with its id,
    // the event name EVENT_NAME, and `{"metric": .., "value": ..}` as data. Keep idle streams
    // alive every `feed.keep_alive()`. You may change the return type.
    let _ = (feed, headers);
    todo!("stream the dashboard's updates as server-sent events")
}
