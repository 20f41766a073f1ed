//! The heartbeat of a runtime while one request generates a slow report, twice: once with the
//! blocking call in the handler, once with `spawn_blocking`. Draws
//! `book/src/04-sync-and-async/heartbeat.svg` and writes the raw ticks beside it as JSON.
//!
//! `cargo run -p demos --release --bin heartbeat` (`--redraw`: only the chart again, from the
//! JSON)
//!
//! Everything runs on one current-thread runtime, like the chapter's tests: a real axum server
//! on loopback, a reqwest client, and a heartbeat task that ticks every 5 ms. The chart shows,
//! at every moment, how long ago the heartbeat last ran: a healthy runtime keeps that at a few
//! milliseconds, a blocked one lets it climb for as long as the block lasts.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::{Router, routing::get};
use demos::load::{array, number, read_numbers, redraw_requested, text};
use demos::svg::{Series, line_chart};
use serde::Serialize;
use serde_json::Value;

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
    /// `[ms since start, gap in ms]` at every tick.
    ticks: Vec<[f64; 2]>,
    longest_gap_ms: f64,
    request_ms: f64,
}

/// Runs one request against `path` with a heartbeat beside it, on the current runtime.
async fn measure(
    (name, _legend): (&'static str, &'static str),
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
fn sawtooth(ticks: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for (at, gap) in ticks {
        points.push((at - gap, 0.0));
        points.push((*at, *gap));
        points.push((*at, 0.0));
    }
    points
}

/// The scenarios' names, and the short names of the chart's legend.
const NAMES: [(&str, &str); 2] = [
    ("blocking call in the handler", "direct call"),
    ("spawn_blocking", "spawn_blocking"),
];

/// The chart, from the numbers `main` writes: one sawtooth per scenario, a marker at each
/// tick (how long the heartbeat had waited when it ran).
fn draw(numbers: &Value) -> std::io::Result<String> {
    let mut series = Vec::new();
    for scenario in array(numbers, "/scenarios")? {
        let name = text(scenario, "/name")?;
        let short = NAMES
            .iter()
            .find(|(long, _)| *long == name)
            .map_or(name, |(_, short)| short);
        let ticks = array(scenario, "/ticks")?
            .iter()
            .map(|tick| Ok((number(tick, "/0")?, number(tick, "/1")?)))
            .collect::<std::io::Result<Vec<_>>>()?;
        series.push(Series {
            label: format!(
                "{short} (longest gap {:.0} ms)",
                number(scenario, "/longest_gap_ms")?
            ),
            points: sawtooth(&ticks),
            markers: ticks,
        });
    }
    Ok(line_chart(
        "Time since the heartbeat last ran, during one 400 ms report request",
        "time since the demo started (ms)",
        "time since the last heartbeat (ms)",
        &series,
    ))
}

fn main() -> std::io::Result<()> {
    let dir = demos::course_root().join("book/src/04-sync-and-async");
    if redraw_requested() {
        let numbers = read_numbers("04-sync-and-async", "heartbeat")?;
        std::fs::write(dir.join("heartbeat.svg"), draw(&numbers)?)?;
        println!("wrote book/src/04-sync-and-async/heartbeat.svg");
        return Ok(());
    }
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
            measure(NAMES[0], &base, "/blocking").await,
            measure(NAMES[1], &base, "/spawn-blocking").await,
        ])
    })?;

    for s in &scenarios {
        println!(
            "{:<30} request {:>6.1} ms, longest heartbeat gap {:>6.1} ms",
            s.name, s.request_ms, s.longest_gap_ms
        );
    }
    std::fs::create_dir_all(&dir)?;
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
    std::fs::write(dir.join("heartbeat.svg"), draw(&json)?)?;
    println!("wrote book/src/04-sync-and-async/heartbeat.svg and heartbeat.json");
    Ok(())
}
