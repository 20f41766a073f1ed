//! A graceful shutdown: stop accepting, finish the request in flight, return. The signal is
//! any future; here a oneshot channel that a test (or `main`'s signal handler) completes.

use std::future::Future;
use std::sync::Arc;

use axum::extract::State;
use axum::{Router, routing::get};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// A report that waits until it is released, so a test can hold a request in flight.
#[derive(Clone, Default)]
pub struct Held {
    pub arrived: Arc<Notify>,
    pub release: Arc<Notify>,
}

async fn report(State(held): State<Held>) -> &'static str {
    held.arrived.notify_one();
    held.release.notified().await;
    "done"
}

pub fn app(held: Held) -> Router {
    Router::new().route("/report", get(report)).with_state(held)
}

// ANCHOR: serve_until
pub async fn serve_until(
    listener: TcpListener,
    app: Router,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // When `stop` completes: no new connections,
    // the requests in flight finish, then return.
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
}
// ANCHOR_END: serve_until

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn stops_accepting_then_finishes_the_request_in_flight()
     {
        let listener =
            TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let held = Held::default();
        let (stop, stopped) =
            tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve_until(
            listener,
            app(held.clone()),
            async {
                let _ = stopped.await;
            },
        ));

        let in_flight = tokio::spawn(reqwest::get(format!(
            "http://{addr}/report"
        )));
        held.arrived.notified().await;
        stop.send(()).unwrap();

        // New connections are refused while the report is still running.
        let refused = tokio::time::timeout(
            Duration::from_secs(5),
            async {
                while tokio::net::TcpStream::connect(addr)
                    .await
                    .is_ok()
                {
                    tokio::time::sleep(Duration::from_millis(
                        10,
                    ))
                    .await;
                }
            },
        )
        .await;
        assert!(
            refused.is_ok(),
            "the server kept accepting after the signal"
        );
        assert!(
            !server.is_finished(),
            "the server returned with a request in flight"
        );

        held.release.notify_one();
        let answer = in_flight.await.unwrap().unwrap();
        assert_eq!(answer.text().await.unwrap(), "done");
        server.await.unwrap().unwrap();
    }
}
