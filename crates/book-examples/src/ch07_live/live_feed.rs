//! "Server-sent events: a live feed": a countdown, one event a tick, that a reconnecting
//! browser resumes instead of restarting.
//!
//! The exercise streams a log of updates; this example's events are computed (the number is
//! the id), so it shows the three parts of an event stream on their own: ids, keep-alive,
//! and `Last-Event-ID`.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Router, routing::get};
use futures::{Stream, StreamExt};

/// Where the countdown starts.
pub const FROM: u64 = 10;

pub fn app(tick: Duration) -> Router {
    Router::new().route(
        "/countdown",
        get(move |headers| countdown(headers, tick)),
    )
}

// ANCHOR: countdown
async fn countdown(
    headers: HeaderMap,
    tick: Duration,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // EventSource sends the id of the last event it got when it reconnects.
    let last_seen: Option<u64> = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse().ok());
    let next =
        last_seen.map_or(FROM, |seen| seen.saturating_sub(1));

    let numbers = futures::stream::iter((0..=next).rev());
    let events = numbers.then(move |n| async move {
        tokio::time::sleep(tick).await;
        let event =
            Event::default().id(n.to_string()).event("tick");
        Ok(event.data(if n == 0 {
            "liftoff"
        } else {
            "counting"
        }))
    });
    // A comment line every 15 s while nothing else is sent, so proxies keep the line open.
    Sse::new(events).keep_alive(
        KeepAlive::new().interval(Duration::from_secs(15)),
    )
}
// ANCHOR_END: countdown

#[cfg(test)]
mod tests {
    use testkit::TestClient;

    use super::*;

    #[tokio::test]
    async fn a_reconnecting_client_resumes_after_the_last_id_it_saw()
     {
        let client = TestClient::new(app(Duration::ZERO));
        let res = client
            .get("/countdown")
            .header("last-event-id", "3")
            .await;
        assert_eq!(
            res.content_type(),
            Some("text/event-stream")
        );
        let text = res.text();
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("id: "))
            .collect();
        assert_eq!(ids, ["2", "1", "0"]);
    }
}
