//! Graceful shutdown: when the server is told to stop, it stops accepting connections,
//! finishes the requests already in flight, and only then returns, so `main` can exit 0.
//!
//! `GET /report` takes a while (a report being rendered); `GET /health` says how many
//! reports are in flight. `serve` runs the app until a shutdown future completes, and
//! `shutdown_signal` is that future for a real process: Ctrl-C or SIGTERM.

mod reports;

use std::future::Future;
use std::io;

use axum::extract::State;
use axum::{Json, Router, routing::get};
use serde::Serialize;
use tokio::net::TcpListener;

pub use reports::Reports;

pub fn app(reports: Reports) -> Router {
    Router::new()
        .route("/report", get(report))
        .route("/health", get(health))
        .with_state(reports)
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub report: &'static str,
    pub status: &'static str,
}

async fn report(State(reports): State<Reports>) -> Json<Report> {
    reports.render().await;
    Json(Report {
        report: "quarterly",
        status: "ready",
    })
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub reports_in_flight: usize,
}

async fn health(State(reports): State<Reports>) -> Json<Health> {
    Json(Health {
        status: "ok",
        reports_in_flight: reports.in_flight(),
    })
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting connections,
/// lets every request in flight finish, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    // TODO: serve `app` on `listener` with `axum::serve`, and shut down gracefully when
    // `shutdown` completes: no new connections, every request in flight answered, then return.
    let _ = (app, shutdown);
    todo!("serve on {:?} until shutdown", listener.local_addr())
}

/// Completes when the process is asked to stop: Ctrl-C in a terminal (SIGINT), or SIGTERM,
/// which is what `docker stop`, Kubernetes and systemd send.
pub async fn shutdown_signal() {
    // TODO: complete on Ctrl-C (`tokio::signal::ctrl_c()`) or on SIGTERM
    // (`tokio::signal::unix::signal(SignalKind::terminate())`), whichever comes first.
    todo!("wait for Ctrl-C or SIGTERM")
}
