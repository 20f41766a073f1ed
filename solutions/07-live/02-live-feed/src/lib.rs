//! Server-sent events: `GET /dashboard/events` sends every dashboard update as it happens,
//! each with its id, keeps idle connections alive, and lets a client that reconnects resume
//! where it left off (the `Last-Event-ID` header every browser's `EventSource` sends).
//!
//! Layout: `feed.rs` keeps the updates and sends them live (provided); this file is the
//! endpoint.

mod feed;

use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Router, routing::get};
use futures::{Stream, StreamExt};
use tokio::sync::broadcast;

pub use feed::{Feed, Update};

// ANCHOR: provided
/// The `event:` name of every update, what `EventSource.addEventListener` listens for.
pub const EVENT_NAME: &str = "update";

pub fn app(feed: Feed) -> Router {
    Router::new()
        .route("/dashboard/events", get(dashboard_events))
        .with_state(feed)
}
// ANCHOR_END: provided

// ANCHOR: events
async fn dashboard_events(
    State(feed): State<Feed>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (missed, live) = feed.since(last_event_id(&headers));
    let updates = futures::stream::iter(missed).chain(live_updates(live));
    let events = updates.map(|update| Ok(event(&update)));
    Sse::new(events).keep_alive(KeepAlive::new().interval(feed.keep_alive()))
}

/// The id the client saw last, from `Last-Event-ID`; 0 (everything) when absent or not a number.
fn last_event_id(headers: &HeaderMap) -> u64 {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

/// The updates as they are published. A stream that falls too far behind ends: the browser
/// reconnects with the id it saw last, and gets what it missed from the log.
fn live_updates(live: broadcast::Receiver<Update>) -> impl Stream<Item = Update> {
    futures::stream::unfold(live, |mut live| async move {
        match live.recv().await {
            Ok(update) => Some((update, live)),
            Err(broadcast::error::RecvError::Lagged(_) | broadcast::error::RecvError::Closed) => {
                None
            }
        }
    })
}

fn event(update: &Update) -> Event {
    let data = serde_json::json!({ "metric": update.metric, "value": update.value });
    Event::default()
        .id(update.id.to_string())
        .event(EVENT_NAME)
        .data(data.to_string())
}
// ANCHOR_END: events
