//! The heartbeat of a runtime while one request generates a slow report, twice: once with the
//! blocking call in the handler, once with `spawn_blocking`. Draws
//! `book/src/04-sync-and-async/heartbeat.svg` and writes the raw ticks beside it as JSON.
//!
//! `cargo run -p demos --release --bin heartbeat`
//!
//! Everything runs on one current-thread runtime, like the chapter's tests: a real axum server
//! on loopback, a reqwest client, and a heartbeat task that ticks every 5 ms. The chart shows,
//! at every moment, how long ago the heartbeat last ran: a healthy runtime keeps that at a few
//! milliseconds, a blocked one lets it climb for as long as the block lasts.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::{Router, routing::get};
use demos::svg::{Series, line_chart};
use serde::Serialize;

/// How long the legacy report generator holds its thread.
const REPORT: Duration = Duration::from_millis(400);
/// The heartbeat's period.
const TICK: Duration = Duration::from_millis(5);
/// Quiet time before and after the request, so the picture shows the calm around it.
const MARGIN: Duration = Duration::from_millis(200);

/// The legacy generator: synchronous, and slow.
fn generate_report() -> &'static str {
    std::thread::sleep(REPORT);
    "report"
}

async fn blocking_handler() -> &'static str {
    generate_report()
}

async fn spawn_blocking_handler() -> &'static str {
    tokio::task::spawn_blocking(generate_report)
        .await
        .unwrap_or("the report generator failed")
}

#[derive(Serialize)]
struct Scenario {
    name: &'static str,
    #[serde(skip)]
    short_name: &'static str,
    /// `[ms since start, gap in ms]` at every tick.
    ticks: Vec<[f64; 2]>,
    longest_gap_ms: f64,
    request_ms: f64,
}

/// Runs one request against `path` with a heartbeat beside it, on the current runtime.
async fn measure(
    (name, short_name): (&'static str, &'static str),
    base: &str,
    path: &str,
) -> Scenario {
    let start = Instant::now();
    let ticks = Arc::new(Mutex::new(Vec::new()));
    let heartbeat = tokio::spawn({
        let ticks = Arc::clone(&ticks);
        async move {
            let mut last = Instant::now();
            loop {
                tokio::time::sleep(TICK).await;
                let now = Instant::now();
                let at = ms(now - start);
                let gap = ms(now - last);
                ticks
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push([at, gap]);
                last = now;
            }
        }
    });
    tokio::time::sleep(MARGIN).await;
    let sent = Instant::now();
    let answer = reqwest::get(format!("{base}{path}")).await;
    let request_ms = ms(sent.elapsed());
    if let Err(error) = answer {
        eprintln!("{name}: the request failed: {error}");
    }
    tokio::time::sleep(MARGIN).await;
    heartbeat.abort();
    let ticks = std::mem::take(&mut *ticks.lock().unwrap_or_else(PoisonError::into_inner));
    let longest_gap_ms = ticks.iter().map(|t| t[1]).fold(0.0, f64::max);
    Scenario {
        name,
        short_name,
        ticks,
        longest_gap_ms,
        request_ms,
    }
}

/// Milliseconds, to a hundredth: finer is noise, and it keeps the JSON readable.
fn ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 100_000.0).round() / 100.0
}

/// "Time since the heartbeat last ran", as a sawtooth: it climbs during each gap and drops to
/// zero at each tick.
fn sawtooth(scenario: &Scenario) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for [at, gap] in &scenario.ticks {
        points.push((at - gap, 0.0));
        points.push((*at, *gap));
        points.push((*at, 0.0));
    }
    points
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let scenarios = runtime.block_on(async {
        let app = Router::new()
            .route("/blocking", get(blocking_handler))
            .route("/spawn-blocking", get(spawn_blocking_handler));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        // One request first, so connection set-up is not part of the picture.
        let _ = reqwest::get(format!("{base}/spawn-blocking")).await;
        Ok::<_, std::io::Error>(vec![
            measure(
                ("blocking call in the handler", "direct call"),
                &base,
                "/blocking",
            )
            .await,
            measure(
                ("spawn_blocking", "spawn_blocking"),
                &base,
                "/spawn-blocking",
            )
            .await,
        ])
    })?;

    for s in &scenarios {
        println!(
            "{:<30} request {:>6.1} ms, longest heartbeat gap {:>6.1} ms",
            s.name, s.request_ms, s.longest_gap_ms
        );
    }
    let series: Vec<Series> = scenarios
        .iter()
        .map(|s| Series {
            label: format!("{} (gap {:.0} ms)", s.short_name, s.longest_gap_ms),
            points: sawtooth(s),
        })
        .collect();
    let svg = line_chart(
        "Time since the heartbeat last ran, during one 400 ms report request",
        "ms",
        "ms",
        &series,
    );
    let dir = demos::course_root().join("book/src/04-sync-and-async");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("heartbeat.svg"), svg)?;
    let json = serde_json::json!({
        "what": "heartbeat gaps on a current-thread runtime during one request whose handler \
                 runs a 400 ms blocking report, called directly or through spawn_blocking",
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "os": std::env::consts::OS,
        "tick_ms": ms(TICK),
        "scenarios": scenarios,
    });
    let text = serde_json::to_string_pretty(&json).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("heartbeat.json"), text + "\n")?;
    println!("wrote book/src/04-sync-and-async/heartbeat.svg and heartbeat.json");
    Ok(())
}
