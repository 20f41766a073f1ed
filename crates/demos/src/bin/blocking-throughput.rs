//! What a blocking call costs a server: the same 20 ms of work done three ways, a blocking
//! `std::thread::sleep` on the runtime, the same call through `spawn_blocking`, and an async
//! `tokio::time::sleep`, served on a 2-worker runtime to N concurrent clients. For each, the
//! requests per second, and the longest gap of a heartbeat task that should tick every 5 ms
//! on the server's runtime: a blocked runtime cannot run it.
//!
//! `cargo run -p demos --release --bin blocking-throughput` writes
//! `book/src/06-serving/blocking-throughput.svg` and `blocking-heartbeat.svg`, with the numbers
//! of both in `blocking-throughput.json` (about 20 s).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::{Router, routing::get};
use demos::load::{LoadResult, closed_loop, http_client, machine, write_chart, write_svg};
use demos::svg::{Bar, Series, bar_chart, line_chart};
use serde_json::json;

const WORK: Duration = Duration::from_millis(20);
const SERVER_WORKERS: usize = 2;
const HEARTBEAT: Duration = Duration::from_millis(5);
const CLIENTS: [usize; 4] = [1, 4, 16, 64];
const RUN: Duration = Duration::from_millis(1500);
const VARIANTS: [(&str, &str); 3] = [
    ("/blocking", "blocking call on the runtime"),
    ("/offloaded", "the same call in spawn_blocking"),
    ("/async", "an async call"),
];

fn app() -> Router {
    Router::new()
        .route("/blocking", get(|| async { std::thread::sleep(WORK) }))
        .route(
            "/offloaded",
            get(|| async {
                let _ = tokio::task::spawn_blocking(|| std::thread::sleep(WORK)).await;
            }),
        )
        .route("/async", get(|| tokio::time::sleep(WORK)))
}

/// Starts the server on a runtime of its own (so the clients' runtime is never the one
/// blocked), with a heartbeat task that records the longest gap between its ticks.
fn start_server(longest_gap_us: Arc<AtomicU64>) -> std::io::Result<std::net::SocketAddr> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_WORKERS)
        .enable_all()
        .build()?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            tokio::spawn(async move {
                let mut last = Instant::now();
                loop {
                    tokio::time::sleep(HEARTBEAT).await;
                    let gap = last.elapsed().as_micros() as u64;
                    longest_gap_us.fetch_max(gap, Ordering::Relaxed);
                    last = Instant::now();
                }
            });
            match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => {
                    if let Err(e) = axum::serve(listener, app()).await {
                        eprintln!("the server stopped: {e}");
                    }
                }
                Err(e) => eprintln!("the server could not listen: {e}"),
            }
        });
    });
    Ok(addr)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let longest_gap_us = Arc::new(AtomicU64::new(0));
    let addr = start_server(Arc::clone(&longest_gap_us))?;
    let client = http_client();

    let mut throughput = Vec::new();
    let mut gaps = Vec::new();
    let mut numbers = Vec::new();
    for (path, label) in VARIANTS {
        let url = format!("http://{addr}{path}");
        // Warm up: open connections for the largest run, untimed.
        closed_loop(
            &client,
            &url,
            CLIENTS[CLIENTS.len() - 1],
            Duration::from_millis(200),
        )
        .await;
        let mut points = Vec::new();
        let mut runs: Vec<(LoadResult, f64)> = Vec::new();
        for clients in CLIENTS {
            longest_gap_us.store(0, Ordering::Relaxed);
            let result = closed_loop(&client, &url, clients, RUN).await;
            let gap_ms = longest_gap_us.load(Ordering::Relaxed) as f64 / 1000.0;
            println!(
                "{label:<32} {clients:>3} clients: {:7.0} req/s, {} errors, heartbeat gap {gap_ms:6.1} ms",
                result.requests_per_second, result.errors
            );
            points.push((clients as f64, result.requests_per_second));
            runs.push((result, gap_ms));
        }
        let (busiest, busiest_gap) = runs[runs.len() - 1];
        gaps.push(Bar {
            label: label.to_owned(),
            value: busiest_gap,
            annotation: format!("{busiest_gap:.0} ms"),
        });
        throughput.push(Series {
            label: label.to_owned(),
            points,
        });
        numbers.push(json!({
            "path": path,
            "variant": label,
            "busiest_clients": busiest.clients,
            "runs": runs.iter().map(|(result, gap)| json!({
                "load": result,
                "longest_heartbeat_gap_ms": gap,
            })).collect::<Vec<_>>(),
        }));
    }

    let work_ms = WORK.as_millis();
    let throughput_svg = line_chart(
        &format!("Requests per second, {work_ms} ms of work each, {SERVER_WORKERS} worker threads"),
        "clients",
        "req/s",
        &throughput,
    );
    let heartbeat_svg = bar_chart(
        &format!(
            "Longest heartbeat gap under {} clients (it should tick every {} ms)",
            CLIENTS[CLIENTS.len() - 1],
            HEARTBEAT.as_millis()
        ),
        "ms",
        &gaps,
    );
    let numbers = json!({
        "demo": "blocking-throughput",
        "machine": machine(),
        "work_ms": work_ms,
        "server_worker_threads": SERVER_WORKERS,
        "heartbeat_ms": HEARTBEAT.as_millis(),
        "run_seconds": RUN.as_secs_f64(),
        "variants": numbers,
    });
    write_chart(
        "06-serving",
        "blocking-throughput",
        &throughput_svg,
        &numbers,
    )?;
    write_svg("06-serving", "blocking-heartbeat", &heartbeat_svg)?;
    Ok(())
}
