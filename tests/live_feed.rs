//! Server-sent events: ids on every event, updates pushed as they happen, keep-alives on an
//! idle stream, and a reconnecting client resuming after the last id it saw.
//!
//! A real server and a real client over loopback: an event stream is a response that never
//! ends, and what matters is what arrives on the connection, and when. The tests decide when
//! updates are published, so they wait for events, never for a clock, except the keep-alive
//! test, which waits for a keep-alive sent every 50 ms with a 5 s deadline.

use std::time::Duration;

use live_feed::{EVENT_NAME, Feed, app};
use testkit::check_eq;
use testkit::live::{SseEvent, SseReader};
use testkit::probe::PATIENCE;
use testkit::serving::http_client;
use testkit::{StatusCode, TestServer, Value, assert_json_snapshot};

/// Long enough that no keep-alive is sent while a test reads events.
const NO_KEEP_ALIVE: Duration = Duration::from_secs(600);

async fn subscribe(server: &TestServer, last_event_id: Option<&str>) -> SseReader {
    let mut request = http_client().get(server.url("/dashboard/events"));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    let res = match tokio::time::timeout(PATIENCE, request.send()).await {
        Ok(Ok(res)) => res,
        Ok(Err(e)) => panic!(
            "GET /dashboard/events got no answer ({e}): the connection closed before a \
             response head, which is what a handler that panics does. Look for an `unwrap()` \
             or `expect()` on what the request sent, such as the `Last-Event-ID` header: it \
             comes from the client and can hold anything."
        ),
        Err(_) => panic!(
            "GET /dashboard/events sent no response head within {PATIENCE:?}. An event stream \
             answers at once and then sends events as they come: return `Sse::new(stream)` \
             without waiting for the stream's items first."
        ),
    };
    assert!(
        res.status() == StatusCode::OK,
        "GET /dashboard/events answered {}, expected 200 OK. A 404 with an empty body means no \
         route matched: `.route(\"/dashboard/events\", get(..))` on the router you return. A 400 \
         means an extractor refused the request: a `Last-Event-ID` that is missing or not a \
         number means \"send everything\", not an error, so read it from the `HeaderMap` \
         yourself. A 500 means the handler failed before the stream began.",
        res.status()
    );
    SseReader::event_stream(res)
}

async fn next_update(events: &mut SseReader, waiting_for: &str) -> SseEvent {
    match events.next_event(PATIENCE).await {
        Ok(event) => event,
        Err(why) => panic!("waiting for {waiting_for}: {why}"),
    }
}

fn data(event: &SseEvent) -> Value {
    testkit::serde_json::from_str(&event.data).unwrap_or_else(|e| {
        panic!(
            "each event's data is JSON, `{{\"metric\": .., \"value\": ..}}`; got {:?} ({e})",
            event.data
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_carry_their_id_and_arrive_as_they_are_published() {
    let feed = Feed::new(NO_KEEP_ALIVE);
    feed.publish("signups", 3);
    feed.publish("orders", 12);
    let server = TestServer::start(app(feed.clone())).await;
    let mut events = subscribe(&server, None).await;

    let first = next_update(&mut events, "the first of two updates published before").await;
    let second = next_update(&mut events, "the second of two updates published before").await;
    let published = feed.publish("signups", 4);
    let live = next_update(&mut events, "an update published while connected").await;

    for (event, id) in [(&first, 1), (&second, 2), (&live, published)] {
        check_eq!(
            event.id.as_deref(),
            Some(id.to_string().as_str()),
            "every event carries the update's id (`Event::id`), so a client that reconnects \
             can say where it stopped; got {event:?}"
        );
        check_eq!(
            event.event.as_deref(),
            Some(EVENT_NAME),
            "every event is named {EVENT_NAME:?} (`Event::event`); got {event:?}"
        );
    }
    assert_json_snapshot!(
        "three_updates",
        [&first, &second, &live]
            .iter()
            .map(|event| testkit::json!({ "id": event.id, "event": event.event, "data": data(event) }))
            .collect::<Vec<_>>()
    );
}

/// `Last-Event-ID` is whatever the client sends. One that is not an id the feed gave out
/// means the client has nothing: it gets everything, like a first connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_event_id_that_is_not_a_number_gets_everything() {
    let feed = Feed::new(NO_KEEP_ALIVE);
    feed.publish("orders", 1);
    let server = TestServer::start(app(feed.clone())).await;
    let mut events = subscribe(&server, Some("yesterday")).await;
    let first = next_update(&mut events, "the first update").await;
    assert!(
        first.id.as_deref() == Some("1"),
        "the client sent `Last-Event-ID: yesterday`, which is no id of this feed, so it has \
         seen nothing and expects event 1 first, got event {:?}. Read the header as a \
         number where it is one, and as 0 (everything) otherwise: `.parse().ok()` then \
         `.unwrap_or(0)`.",
        first.id
    );
}

// ANCHOR: resume_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reconnects_gets_only_what_it_missed() {
    let feed = Feed::new(NO_KEEP_ALIVE);
    for value in 1..=5 {
        feed.publish("orders", value);
    }
    let server = TestServer::start(app(feed.clone())).await;

    // The browser saw events 1, 2 and 3, lost its connection, and reconnects.
    let mut events = subscribe(&server, Some("3")).await;
    let first = next_update(&mut events, "the first update after id 3").await;
    check_eq!(
        first.id.as_deref(),
        Some("4"),
        "the client sent `Last-Event-ID: 3`: it has events 1 to 3 and expects 4 next, got \
         event {:?}. Read the header and start from `feed.since(3)`: sending everything again \
         makes a reconnecting dashboard count each order twice.",
        first.id
    );
    let second = next_update(&mut events, "the second update after id 3").await;
    check_eq!(
        second.id.as_deref(),
        Some("5"),
        "then event 5, got {second:?}"
    );
    let published = feed.publish("orders", 6);
    let live = next_update(&mut events, "an update published after the reconnect").await;
    check_eq!(
        live.id,
        Some(published.to_string()),
        "after what it missed, the client gets the live updates"
    );
}
// ANCHOR_END: resume_test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_stream_sends_keep_alives() {
    let feed = Feed::new(Duration::from_millis(50));
    let server = TestServer::start(app(feed.clone())).await;
    let mut events = subscribe(&server, None).await;
    let block = events.next(PATIENCE).await.unwrap_or_else(|why| {
        panic!(
            "with no update to send, the stream stayed silent: {why}. Proxies and load \
             balancers close a connection that is silent for 30-60 s; send a comment every \
             `feed.keep_alive()` with `.keep_alive(KeepAlive::new().interval(..))`."
        )
    });
    assert!(
        block.is_comment_only(),
        "with no update published, the only thing to arrive is a keep-alive comment (`:`); \
         got {block:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_stops_listening() {
    let feed = Feed::new(Duration::from_millis(50));
    let server = TestServer::start(app(feed.clone())).await;
    let events = subscribe(&server, None).await;
    check_eq!(feed.listeners(), 1, "one client, one listener");
    drop(events);

    // The next keep-alive finds the connection closed, and hyper drops the stream.
    let gone = tokio::time::timeout(PATIENCE, async {
        while feed.listeners() > 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(
        gone.is_ok(),
        "the client left, but {} listener(s) still wait for updates after {PATIENCE:?}. The \
         receiver must belong to the response's stream, so it goes when the stream goes: a \
         task of your own that forwards updates keeps a receiver for nobody.",
        feed.listeners()
    );
}
