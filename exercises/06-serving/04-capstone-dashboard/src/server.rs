//! Stage 6: serving, with the graceful shutdown of this chapter and the limits of
//! `limits.rs`.
//!
//! `axum::serve` would do the accepting, but it offers no way to set a header-read timeout
//! or header limits, so this loop does what it does, with hyper's HTTP/1 builder configured
//! by [`crate::limits::http1`]: accept a connection, serve it on a task of its own, and on
//! shutdown stop accepting, let every connection finish the request it is answering, and
//! return when the last one is closed.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::limits::{self, Limits};

/// Serves `app` with the production [`Limits`] until `shutdown` completes, then stops
/// accepting, finishes the requests in flight, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(listener, app, Limits::default(), shutdown).await
}

/// [`serve`] with the limits given.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let app = limits::limit(app, &limits);
    let http = limits::http1(&limits);
    // Every connection task watches this; `true` means "finish your request and close".
    let (closing, closing_seen) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    // Out of file descriptors (too many connections) or a connection that
                    // broke before it was accepted: not a reason to stop serving the others.
                    eprintln!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let mut closing_seen = closing_seen.clone();
        connections.spawn(async move {
            let mut connection = pin!(connection);
            tokio::select! {
                // A connection's errors are the client's (it left, sent garbage, was too slow).
                _ = connection.as_mut() => return,
                _ = closing_seen.wait_for(|closing| *closing) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
        // Forget the connections that are done, so the set holds only open ones.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    closing.send_replace(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM, whichever comes first.
pub async fn shutdown_signal() {
    // TODO: complete on Ctrl-C or on SIGTERM, whichever comes first.
    todo!("wait for Ctrl-C or SIGTERM")
}
