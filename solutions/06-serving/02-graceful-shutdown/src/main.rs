//! The graceful-shutdown server as a program. Run it, start a slow report, press Ctrl-C while
//! it runs, and watch the report still arrive before the process exits.
//!
//! `ADDR` sets the address (default `127.0.0.1:3000`; port 0 picks a free one) and
//! `REPORT_MS` how long a report takes (default 2000).

use std::process::ExitCode;
use std::time::Duration;

use graceful_shutdown::{Reports, app, serve, shutdown_signal};

// ANCHOR: main
#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => {
            println!("server stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let report_ms = match std::env::var("REPORT_MS") {
        Ok(text) => text
            .parse()
            .map_err(|_| format!("REPORT_MS must be a number of milliseconds, not `{text}`"))?,
        Err(_) => 2000,
    };
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    println!("listening on {url}");
    println!("try: curl {url}/report   (takes {report_ms} ms; press Ctrl-C while it runs)");

    let reports = Reports::new(Duration::from_millis(report_ms));
    serve(listener, app(reports), shutdown_signal())
        .await
        .map_err(|e| format!("the server failed: {e}"))
}
// ANCHOR_END: main
