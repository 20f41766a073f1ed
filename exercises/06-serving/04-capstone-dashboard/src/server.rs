//! Stage 6: serving, with the graceful shutdown of this chapter.

use std::future::Future;
use std::io;

use axum::Router;
use tokio::net::TcpListener;

/// Serves `app` until `shutdown` completes, then stops accepting, finishes the requests in
/// flight, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    // TODO: serve `app` on `listener`, and shut down gracefully when `shutdown` completes.
    let _ = (app, shutdown);
    todo!("serve on {:?}", listener.local_addr())
}

/// Completes on Ctrl-C or SIGTERM, whichever comes first.
pub async fn shutdown_signal() {
    // TODO: complete on Ctrl-C or on SIGTERM, whichever comes first.
    todo!("wait for Ctrl-C or SIGTERM")
}
