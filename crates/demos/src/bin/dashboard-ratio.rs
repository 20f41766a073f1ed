//! The dashboard, measured: three local fake upstreams (news, weather, stocks) that each take
//! the same latency, called one after another and then all at once. The ratio of the wall
//! times should be near 1/3: concurrent calls cost the slowest one, sequential calls cost
//! the sum.
//!
//! `cargo run -p demos --release --bin dashboard-ratio` writes
//! `book/src/06-serving/dashboard-ratio.svg` and `.json` (about 10 s); with `--redraw`, only
//! the chart again, from the `.json`.

use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::{Json, Router, routing::get};
use demos::load::{
    array, http_client, machine, median, number, read_numbers, redraw_requested, serve_on_loopback,
    write_chart, write_svg,
};
use demos::svg::{Bar, bar_chart};
use serde_json::{Value, json};

const UPSTREAMS: [&str; 3] = ["news", "weather", "stocks"];
const LATENCIES_MS: [u64; 3] = [50, 100, 200];
const ROUNDS: usize = 5;

/// One fake upstream service: answers `GET /{latency_ms}` after that many milliseconds.
fn fake_upstream(name: &'static str) -> Router {
    Router::new()
        .route("/{latency_ms}", get(answer_late))
        .with_state(name)
}

async fn answer_late(State(name): State<&'static str>, Path(latency_ms): Path<u64>) -> Json<Value> {
    tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    Json(json!({ "service": name, "items": [1, 2, 3] }))
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<Value, reqwest::Error> {
    client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

/// The chart, from the numbers `main` writes.
fn draw(numbers: &Value) -> std::io::Result<String> {
    let mut bars = Vec::new();
    for result in array(numbers, "/results")? {
        let latency = number(result, "/latency_ms")?;
        let seq = number(result, "/sequential_median_ms")?;
        let conc = number(result, "/concurrent_median_ms")?;
        bars.push(Bar {
            label: format!("{latency} ms each, one after another"),
            value: seq,
            annotation: format!("{seq:.0} ms"),
        });
        bars.push(Bar {
            label: format!("{latency} ms each, all at once"),
            value: conc,
            annotation: format!("{conc:.0} ms (× {:.2})", conc / seq),
        });
    }
    Ok(bar_chart(
        &format!(
            "Dashboard of 3 upstreams: wall time, median of {} rounds",
            number(numbers, "/rounds")?
        ),
        "wall time of the dashboard (ms)",
        &bars,
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if redraw_requested() {
        let numbers = read_numbers("06-serving", "dashboard-ratio")?;
        write_svg("06-serving", "dashboard-ratio", &draw(&numbers)?)?;
        return Ok(());
    }
    let mut bases = Vec::new();
    for name in UPSTREAMS {
        bases.push(format!(
            "http://{}",
            serve_on_loopback(fake_upstream(name)).await?
        ));
    }
    let client = http_client();

    let mut results = Vec::new();
    for latency in LATENCIES_MS {
        let urls: Vec<String> = bases.iter().map(|b| format!("{b}/{latency}")).collect();
        // One untimed round opens the connections, so every timed round reuses them.
        for url in &urls {
            fetch(&client, url).await?;
        }
        let mut sequential = Vec::new();
        let mut concurrent = Vec::new();
        for _ in 0..ROUNDS {
            let started = Instant::now();
            for url in &urls {
                fetch(&client, url).await?;
            }
            sequential.push(started.elapsed().as_secs_f64() * 1000.0);

            let started = Instant::now();
            let (news, weather, stocks) = tokio::join!(
                fetch(&client, &urls[0]),
                fetch(&client, &urls[1]),
                fetch(&client, &urls[2]),
            );
            news?;
            weather?;
            stocks?;
            concurrent.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let (seq, conc) = (median(&sequential), median(&concurrent));
        let ratio = conc / seq;
        println!(
            "{latency:>4} ms each: sequential {seq:7.1} ms, concurrent {conc:7.1} ms, ratio {ratio:.3}"
        );
        results.push(json!({
            "latency_ms": latency,
            "sequential_ms": sequential,
            "concurrent_ms": concurrent,
            "sequential_median_ms": seq,
            "concurrent_median_ms": conc,
            "ratio": ratio,
        }));
    }

    let numbers = json!({
        "demo": "dashboard-ratio",
        "machine": machine(),
        "rounds": ROUNDS,
        "upstreams": UPSTREAMS,
        "results": results,
    });
    write_chart("06-serving", "dashboard-ratio", &draw(&numbers)?, &numbers)?;
    Ok(())
}
