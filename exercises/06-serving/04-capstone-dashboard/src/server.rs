//! Stage 6: serving, with the graceful shutdown of this chapter and the limits of
//! `limits.rs`.
//!
//! `axum::serve` would do the accepting, but it offers no way to set a header-read timeout
//! or header limits, so this loop does what it does, with hyper's HTTP/1 builder configured
//! by [`crate::limits::http1`]: accept a connection, serve it on a task of its own, and on
//! shutdown stop accepting, let every connection finish the request it is answering, and
//! return when the last one is closed.
//!
//! A response that never ends by itself (stage 7's live view) would keep its connection, and
//! `serve`, open forever: every request can take a [`Closing`], which completes when the
//! shutdown begins, to end its stream then.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::pin;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::{Extension, Router};
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
    // Every connection task watches this; `true` means "finish your request and close".
    // Handlers see it too, as a `Closing`.
    let (closing, closing_seen) = watch::channel(false);
    let app = limits::limit(app, &limits).layer(Extension(Closing(Some(closing_seen.clone()))));
    let http = limits::http1(&limits);
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

/// Completes when the server that answers this request begins its graceful shutdown: a
/// response that streams (an event stream) ends with it, so that the shutdown can finish.
/// Extracted by a handler like any other argument; under a server other than [`serve_with`]
/// (a test's `oneshot`, `axum::serve`) it never completes.
#[derive(Clone, Debug)]
pub struct Closing(Option<watch::Receiver<bool>>);

impl Closing {
    /// Completes when the shutdown begins (or the server is gone).
    pub async fn closed(self) {
        match self.0 {
            Some(mut closing) => {
                let _ = closing.wait_for(|closing| *closing).await;
            }
            None => std::future::pending().await,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Closing {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<Closing>()
            .cloned()
            .unwrap_or(Closing(None)))
    }
}

/// Completes on Ctrl-C or SIGTERM, whichever comes first.
pub async fn shutdown_signal() {
    // TODO: complete on Ctrl-C or on SIGTERM, whichever comes first.
    todo!("wait for Ctrl-C or SIGTERM")
}
