//! The capstone under load, on loopback: its server on a runtime of its own with two worker
//! threads, its fake services answering in 100 ms, and a local client.
//!
//! 1. A burst of 1,000 concurrent `GET /dashboard` requests, each on its own connection:
//!    how many got an answer, how many failed.
//! 2. Requests per second under 64 concurrent clients for the cached `GET /dashboard`, the
//!    same endpoint with its cache turned off, and `GET /articles` (a query every time).
//! 3. A graceful shutdown while 200 dashboards are in flight (the fake services hold their
//!    answers until after the shutdown began): how many were answered, refused (they arrived
//!    after the listener closed) or cut off (none, if the shutdown is graceful).
//!
//! `cargo run -p demos --release --bin capstone-rps` writes
//! `book/src/06-serving/capstone-rps.svg` and `.json` (about 15 s); with `--redraw`, only the
//! chart again, from the `.json`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use capstone_dashboard::fakes::{FakeService, FakeUpstreams};
use capstone_dashboard::{AppState, Config, app, export, serve};
use demos::load::{
    array, closed_loop, http_client, machine, number, read_numbers, redraw_requested, text,
    write_chart, write_svg,
};
use demos::svg::{Bar, bar_chart};
use serde_json::{Value, json};
use tokio::sync::oneshot;

const TOKEN: &str = "demo-token";
const UPSTREAM_LATENCY: Duration = Duration::from_millis(100);
const SERVER_WORKERS: usize = 2;
const BURST: usize = 1000;
const CLIENTS: usize = 64;
const RUN: Duration = Duration::from_secs(2);
const IN_FLIGHT_AT_SHUTDOWN: usize = 200;

/// A capstone server on its own runtime and thread.
struct Running {
    addr: SocketAddr,
    /// The server's fake news, weather and stocks services.
    services: Vec<FakeService>,
    stop: oneshot::Sender<()>,
    stopped: std::thread::JoinHandle<Result<(), String>>,
}

fn start(cache_ttl: Duration) -> Result<Running, Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_WORKERS)
        .enable_all()
        .build()?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop, stop_rx) = oneshot::channel::<()>();
    let stopped = std::thread::spawn(move || {
        runtime.block_on(async move {
            let fakes = FakeUpstreams::start(UPSTREAM_LATENCY)
                .await
                .map_err(|e| e.to_string())?;
            let config = Config {
                database_url: "sqlite::memory:".to_owned(),
                news_url: fakes.news.url().to_owned(),
                weather_url: fakes.weather.url().to_owned(),
                stocks_url: fakes.stocks.url().to_owned(),
                section_timeout: Duration::from_secs(5),
                cache_ttl,
                api_token: TOKEN.to_owned(),
                // This chart measures no live view.
                max_live_views: 1,
                live_keep_alive: Duration::from_secs(15),
            };
            let state = AppState::connect(config, Arc::new(export::plain_text))
                .await
                .map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| e.to_string())?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            let services = fakes.all().map(FakeService::clone).to_vec();
            let _ = ready_tx.send((addr, services));
            serve(listener, app(state), async {
                let _ = stop_rx.await;
            })
            .await
            .map_err(|e| e.to_string())
        })
    });
    let (addr, services) = ready_rx
        .recv()
        .map_err(|_| "the capstone server did not start")?;
    Ok(Running {
        addr,
        services,
        stop,
        stopped,
    })
}

/// What a burst of requests got.
#[derive(Clone, Copy, Debug, serde::Serialize)]
struct Burst {
    ok: usize,
    /// Connections the server refused: they never reached it (after a shutdown began).
    refused: usize,
    /// Requests that reached the server and got no answer, or a failed one.
    failed: usize,
    seconds: f64,
}

/// Sends `count` requests to `url` all at once, each on its own connection.
async fn burst(url: &str, count: usize) -> Burst {
    let client = http_client();
    let started = Instant::now();
    let requests: Vec<_> = (0..count)
        .map(|_| {
            let request = client.get(url).bearer_auth(TOKEN);
            tokio::spawn(async move {
                match request.send().await {
                    Ok(res) if res.status().is_success() => Some(res.bytes().await.is_ok()),
                    Ok(_) => Some(false),
                    Err(e) if e.is_connect() => None,
                    Err(_) => Some(false),
                }
            })
        })
        .collect();
    let mut result = Burst {
        ok: 0,
        refused: 0,
        failed: 0,
        seconds: 0.0,
    };
    for request in requests {
        match request.await.unwrap_or(Some(false)) {
            Some(true) => result.ok += 1,
            Some(false) => result.failed += 1,
            None => result.refused += 1,
        }
    }
    result.seconds = started.elapsed().as_secs_f64();
    result
}

/// A client that sends the token with every request.
fn authorized_client() -> Result<reqwest::Client, reqwest::Error> {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {TOKEN}"))
        .expect("a token of plain letters is a valid header value");
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .no_proxy()
        .default_headers(headers)
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(60))
        .build()
}

/// The chart, from the numbers `main` writes: requests per second of each endpoint.
fn draw(numbers: &Value) -> std::io::Result<String> {
    let mut bars = Vec::new();
    let (mut errors, mut clients) = (0.0, 0.0);
    for endpoint in array(numbers, "/bounded_load")? {
        let rps = number(endpoint, "/load/requests_per_second")?;
        errors += number(endpoint, "/load/errors")?;
        clients = number(endpoint, "/load/clients")?;
        bars.push(Bar {
            label: text(endpoint, "/endpoint")?.to_owned(),
            value: rps,
            annotation: format!("{rps:.0} req/s"),
        });
    }
    Ok(bar_chart(
        &format!(
            "The capstone under {clients} concurrent clients: requests per second, {errors} errors"
        ),
        "requests per second",
        &bars,
    ))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if redraw_requested() {
        let numbers = read_numbers("06-serving", "capstone-rps")?;
        write_svg("06-serving", "capstone-rps", &draw(&numbers)?)?;
        return Ok(());
    }
    let cached = start(Duration::from_secs(3600))?;
    let uncached = start(Duration::ZERO)?;
    let client = authorized_client()?;

    // 1. The burst.
    let dashboard = format!("http://{}/dashboard", cached.addr);
    let first = burst(&dashboard, BURST).await;
    println!("burst of {BURST} concurrent GET /dashboard: {first:?}");

    // 2. Requests per second under a bounded load.
    let runs = [
        (
            "cached GET /dashboard",
            format!("http://{}/dashboard", cached.addr),
        ),
        (
            "uncached GET /dashboard",
            format!("http://{}/dashboard", uncached.addr),
        ),
        (
            "GET /articles (a query each)",
            format!("http://{}/articles", cached.addr),
        ),
    ];
    let mut loads = Vec::new();
    let mut errors = 0;
    for (label, url) in runs {
        closed_loop(&client, &url, CLIENTS, Duration::from_millis(300)).await; // warm up
        let result = closed_loop(&client, &url, CLIENTS, RUN).await;
        println!(
            "{label:<30} {CLIENTS} clients: {:8.0} req/s, {} errors",
            result.requests_per_second, result.errors
        );
        errors += result.errors;
        loads.push(json!({ "endpoint": label, "load": result }));
    }

    // 3. Shutdown with requests in flight. The services hold their answers, so every
    //    dashboard requested is still waiting when the shutdown begins; then they answer.
    for service in &uncached.services {
        service.hold();
    }
    let url = format!("http://{}/dashboard", uncached.addr);
    let in_flight = tokio::spawn(async move { burst(&url, IN_FLIGHT_AT_SHUTDOWN).await });
    // A burst of connections can lose a few SYNs, which the client's kernel sends again
    // after a second: wait past that, so every request has reached the server.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let _ = uncached.stop.send(());
    tokio::time::sleep(Duration::from_millis(100)).await;
    for service in &uncached.services {
        service.release();
    }
    let at_shutdown = in_flight.await?;
    let returned = uncached
        .stopped
        .join()
        .map_err(|_| "the server thread panicked")?;
    println!(
        "shutdown while {IN_FLIGHT_AT_SHUTDOWN} dashboards were requested: {at_shutdown:?}; \
         serve returned {returned:?}"
    );
    let _ = cached.stop.send(());
    let _ = cached.stopped.join();

    println!("{errors} errors under load");
    let numbers = json!({
        "demo": "capstone-rps",
        "machine": machine(),
        "server_worker_threads": SERVER_WORKERS,
        "upstream_latency_ms": UPSTREAM_LATENCY.as_millis(),
        "burst": { "concurrent_requests": BURST, "result": first },
        "bounded_load": loads,
        "shutdown": {
            "requests": IN_FLIGHT_AT_SHUTDOWN,
            "result": at_shutdown,
            "serve_returned_ok": returned.is_ok(),
        },
    });
    write_chart("06-serving", "capstone-rps", &draw(&numbers)?, &numbers)?;
    Ok(())
}
