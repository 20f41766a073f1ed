//! "The capstone", stage 7, on an example of its own: the length of a job queue, shown live.
//!
//! A snapshot, not a log: each event is the whole value, its id the value's version, so a
//! client that missed three changes gets only the last. And the stream ends when the server
//! begins to close: a graceful shutdown waits for every response to end, and an event stream
//! never ends by itself.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Router, routing::get};
use futures::{Stream, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The queue's length, with its version (1, 2, ...): the version is the event id.
pub type Versioned = (u64, usize);

#[derive(Clone)]
pub struct Live {
    pub queue: watch::Receiver<Versioned>,
    /// `true` once the server begins its shutdown.
    pub closing: watch::Receiver<bool>,
}

pub fn app(live: Live) -> Router {
    Router::new()
        .route("/queue/live", get(queue_live))
        .with_state(live)
}

// ANCHOR: queue_live
async fn queue_live(
    State(live): State<Live>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut queue = live.queue;
    // The value now counts as unseen: it is sent at once.
    queue.mark_changed();
    let lengths = futures::stream::unfold(
        queue,
        |mut queue| async move {
            // Waits for a version not sent yet; a burst of
            // changes is one event, the last one.
            queue.changed().await.ok()?;
            let now = *queue.borrow_and_update();
            Some((now, queue))
        },
    );
    let events = lengths.map(|(version, length)| {
        let event = Event::default()
            .id(version.to_string())
            .event("queue");
        Ok(event.data(length.to_string()))
    });
    // Without this the stream never ends, and neither
    // does the graceful shutdown.
    let mut closing = live.closing;
    let closed = async move {
        let _ = closing.wait_for(|closing| *closing).await;
    };
    Sse::new(events.take_until(closed)).keep_alive(
        KeepAlive::new().interval(Duration::from_secs(15)),
    )
}
// ANCHOR_END: queue_live

// ANCHOR: serve_until
/// Serves until `stop`, telling the streams first.
pub async fn serve_until(
    listener: TcpListener,
    app: Router,
    closing: watch::Sender<bool>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let shutdown = async move {
        stop.await;
        // The streams end; then the shutdown can finish.
        closing.send_replace(true);
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
// ANCHOR_END: serve_until

#[cfg(test)]
mod tests {
    use testkit::live::SseReader;
    use testkit::serving::http_client;

    use super::*;

    const PATIENCE: Duration = Duration::from_secs(3);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_change_is_an_event_and_shutdown_ends_the_stream()
    {
        let (queue, queue_seen) = watch::channel((1, 0));
        let (closing, closing_seen) = watch::channel(false);
        let live = Live {
            queue: queue_seen,
            closing: closing_seen,
        };
        let listener =
            TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) =
            tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve_until(
            listener,
            app(live),
            closing,
            async {
                let _ = stopped.await;
            },
        ));
        let res = http_client()
            .get(format!("http://{addr}/queue/live"))
            .send()
            .await
            .unwrap();
        let mut events = SseReader::new(res);

        let now = events.next_event(PATIENCE).await.unwrap();
        assert_eq!(now.id.as_deref(), Some("1"));
        assert_eq!(now.data, "0");

        queue.send_replace((2, 3));
        let changed =
            events.next_event(PATIENCE).await.unwrap();
        assert_eq!(changed.id.as_deref(), Some("2"));
        assert_eq!(changed.data, "3");

        let _ = stop.send(());
        let returned =
            tokio::time::timeout(PATIENCE, server).await;
        assert!(
            matches!(returned, Ok(Ok(Ok(())))),
            "serve returned {returned:?}"
        );
        assert!(events.next_event(PATIENCE).await.is_err());
    }
}
