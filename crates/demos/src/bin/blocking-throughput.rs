//! What a blocking call costs a server: the same 20 ms of work done three ways, a blocking
//! `std::thread::sleep` on the runtime, the same call through `spawn_blocking`, and an async
//! `tokio::time::sleep`, served on a 2-worker runtime to N concurrent clients. For each, the
//! requests per second, and the longest gap of a heartbeat task that should tick every 5 ms
//! on the server's runtime: a blocked runtime cannot run it.
//!
//! `cargo run -p demos --release --bin blocking-throughput` writes
//! `book/src/06-serving/blocking-throughput.svg` and `blocking-heartbeat.svg`, with the numbers
//! of both in `blocking-throughput.json` (about 20 s); with `--redraw`, only the charts again,
//! from the `.json`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::{Router, routing::get};
use demos::load::{
    LoadResult, array, closed_loop, http_client, machine, number, read_numbers, redraw_requested,
    text, write_chart, write_svg,
};
use demos::svg::{Bar, Series, bar_chart, line_chart};
use serde_json::{Value, json};

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

/// The two charts, from the numbers `main` writes: requests per second as the clients grow,
/// and the longest heartbeat gap under the most clients.
fn draw(numbers: &Value) -> std::io::Result<(String, String)> {
    let mut throughput = Vec::new();
    let mut gaps = Vec::new();
    let mut most_clients = 0.0;
    for variant in array(numbers, "/variants")? {
        let label = text(variant, "/variant")?;
        let runs = array(variant, "/runs")?;
        let points = runs
            .iter()
            .map(|run| {
                Ok((
                    number(run, "/load/clients")?,
                    number(run, "/load/requests_per_second")?,
                ))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        let busiest = runs
            .last()
            .ok_or_else(|| std::io::Error::other("a variant without runs"))?;
        let gap = number(busiest, "/longest_heartbeat_gap_ms")?;
        most_clients = number(busiest, "/load/clients")?;
        gaps.push(Bar {
            label: label.to_owned(),
            value: gap,
            annotation: format!("{gap:.0} ms"),
        });
        throughput.push(Series {
            label: label.to_owned(),
            markers: points.clone(),
            points,
        });
    }
    let throughput_svg = line_chart(
        &format!(
            "Requests per second, {} ms of work each, {} worker threads",
            number(numbers, "/work_ms")?,
            number(numbers, "/server_worker_threads")?
        ),
        "concurrent clients",
        "requests per second",
        &throughput,
    );
    let heartbeat_svg = bar_chart(
        &format!(
            "Longest heartbeat gap under {most_clients} clients (it should tick every {} ms)",
            number(numbers, "/heartbeat_ms")?
        ),
        "longest gap between heartbeats (ms)",
        &gaps,
    );
    Ok((throughput_svg, heartbeat_svg))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if redraw_requested() {
        let numbers = read_numbers("06-serving", "blocking-throughput")?;
        let (throughput_svg, heartbeat_svg) = draw(&numbers)?;
        write_svg("06-serving", "blocking-throughput", &throughput_svg)?;
        write_svg("06-serving", "blocking-heartbeat", &heartbeat_svg)?;
        return Ok(());
    }
    let longest_gap_us = Arc::new(AtomicU64::new(0));
    let addr = start_server(Arc::clone(&longest_gap_us))?;
    let client = http_client();

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
        let mut runs: Vec<(LoadResult, f64)> = Vec::new();
        for clients in CLIENTS {
            longest_gap_us.store(0, Ordering::Relaxed);
            let result = closed_loop(&client, &url, clients, RUN).await;
            let gap_ms = longest_gap_us.load(Ordering::Relaxed) as f64 / 1000.0;
            println!(
                "{label:<32} {clients:>3} clients: {:7.0} req/s, {} errors, heartbeat gap {gap_ms:6.1} ms",
                result.requests_per_second, result.errors
            );
            runs.push((result, gap_ms));
        }
        let (busiest, _) = runs[runs.len() - 1];
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
    let numbers = json!({
        "demo": "blocking-throughput",
        "machine": machine(),
        "work_ms": work_ms,
        "server_worker_threads": SERVER_WORKERS,
        "heartbeat_ms": HEARTBEAT.as_millis(),
        "run_seconds": RUN.as_secs_f64(),
        "variants": numbers,
    });
    let (throughput_svg, heartbeat_svg) = draw(&numbers)?;
    write_chart(
        "06-serving",
        "blocking-throughput",
        &throughput_svg,
        &numbers,
    )?;
    write_svg("06-serving", "blocking-heartbeat", &heartbeat_svg)?;
    Ok(())
}
