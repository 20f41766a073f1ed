//! The dashboard's three upstream calls on a timeline: one after another, then all at once.
//!
//! Three local fake services (news, weather, stocks) each answer after the same latency. The
//! demo calls them the way a first draft does, awaiting each in turn, and then the way
//! chapter 3 teaches, with `try_join!`, and draws when each call started and ended.
//!
//! `cargo run -p demos --release --bin dashboard-timeline` writes
//! `book/src/03-many-services/dashboard-timeline.svg` and `.json` (about 5 s); with
//! `--redraw`, only the chart again, from the `.json`.

use std::time::{Duration, Instant};

use axum::{Json, Router, routing::get};
use demos::load::{array, number, read_numbers, redraw_requested, text, write_svg};
use demos::svg::{Span, timeline};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// Every fake takes this long to answer, as in the Django lesson's "about a second each".
const LATENCY: Duration = Duration::from_millis(300);
const SERVICES: [&str; 3] = ["news", "weather", "stocks"];
/// Rounds measured; the picture shows the round with the median total.
const ROUNDS: usize = 5;

/// A fake service on a loopback port that answers `GET /` after `LATENCY`.
async fn start_fake(name: &'static str) -> std::io::Result<String> {
    let app = Router::new().route(
        "/",
        get(move || async move {
            tokio::time::sleep(LATENCY).await;
            Json(json!({ "service": name }))
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{addr}/"))
}

/// One call, and when it started and ended, in milliseconds since `origin`.
async fn timed_call(
    client: &reqwest::Client,
    origin: Instant,
    name: &str,
    url: &str,
) -> Result<Span, reqwest::Error> {
    let start_ms = origin.elapsed().as_secs_f64() * 1000.0;
    client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .json::<Value>()
        .await?;
    let end_ms = origin.elapsed().as_secs_f64() * 1000.0;
    Ok(Span {
        lane: name.to_owned(),
        label: name.to_owned(),
        start_ms,
        end_ms,
    })
}

// ANCHOR: sequential
/// The first draft: each call is awaited before the next one starts.
async fn one_after_another(
    client: &reqwest::Client,
    urls: &[String; 3],
) -> Result<Vec<Span>, reqwest::Error> {
    let origin = Instant::now();
    let news = timed_call(client, origin, "news", &urls[0]).await?;
    let weather = timed_call(client, origin, "weather", &urls[1]).await?;
    let stocks = timed_call(client, origin, "stocks", &urls[2]).await?;
    Ok(vec![news, weather, stocks])
}
// ANCHOR_END: sequential

// ANCHOR: concurrent
/// The same three calls, in flight together.
async fn all_at_once(
    client: &reqwest::Client,
    urls: &[String; 3],
) -> Result<Vec<Span>, reqwest::Error> {
    let origin = Instant::now();
    let (news, weather, stocks) = tokio::try_join!(
        timed_call(client, origin, "news", &urls[0]),
        timed_call(client, origin, "weather", &urls[1]),
        timed_call(client, origin, "stocks", &urls[2]),
    )?;
    Ok(vec![news, weather, stocks])
}
// ANCHOR_END: concurrent

fn total_ms(spans: &[Span]) -> f64 {
    spans.iter().map(|s| s.end_ms).fold(0.0, f64::max)
}

/// The round whose total is the median, so one unlucky round does not make the picture.
fn median_round(mut rounds: Vec<Vec<Span>>) -> Vec<Span> {
    rounds.sort_by(|a, b| total_ms(a).total_cmp(&total_ms(b)));
    rounds.swap_remove(rounds.len() / 2)
}

fn as_json(spans: &[Span]) -> Value {
    let total = total_ms(spans);
    let spans: Vec<Value> = spans
        .iter()
        .map(|s| json!({ "service": s.lane, "start_ms": round(s.start_ms), "end_ms": round(s.end_ms) }))
        .collect();
    json!({ "total_ms": round(total), "spans": spans })
}

/// Milliseconds to two decimals: the clock is not finer than that in any meaningful way.
fn round(ms: f64) -> f64 {
    (ms * 100.0).round() / 100.0
}

/// The spans of one round, back from its JSON.
fn spans(round: &Value) -> std::io::Result<Vec<Span>> {
    array(round, "/spans")?
        .iter()
        .map(|span| {
            let (start_ms, end_ms) = (number(span, "/start_ms")?, number(span, "/end_ms")?);
            Ok(Span {
                lane: text(span, "/service")?.to_owned(),
                label: format!("{:.0} ms", end_ms - start_ms),
                start_ms,
                end_ms,
            })
        })
        .collect()
}

/// The chart, from the numbers `main` writes.
fn draw(numbers: &Value) -> std::io::Result<String> {
    let sequential = spans(&numbers["sequential"])?;
    let concurrent = spans(&numbers["concurrent"])?;
    let sequential_title = format!(
        "One after another (await, await, await): {:.0} ms",
        total_ms(&sequential)
    );
    let concurrent_title = format!("All at once (try_join!): {:.0} ms", total_ms(&concurrent));
    Ok(timeline(
        &format!(
            "Three upstream calls of {} ms each (median of {} rounds)",
            number(numbers, "/latency_ms")?,
            number(numbers, "/rounds")?
        ),
        &[
            (sequential_title.as_str(), sequential),
            (concurrent_title.as_str(), concurrent),
        ],
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if redraw_requested() {
        let numbers = read_numbers("03-many-services", "dashboard-timeline")?;
        write_svg("03-many-services", "dashboard-timeline", &draw(&numbers)?)?;
        return Ok(());
    }
    let mut urls = Vec::new();
    for name in SERVICES {
        urls.push(start_fake(name).await?);
    }
    let urls: [String; 3] = urls.try_into().map_err(|_| "three fakes")?;
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()?;

    // One untimed round opens a connection to each fake; every timed round reuses them.
    one_after_another(&client, &urls).await?;
    let mut sequential = Vec::new();
    let mut concurrent = Vec::new();
    for _ in 0..ROUNDS {
        sequential.push(one_after_another(&client, &urls).await?);
        concurrent.push(all_at_once(&client, &urls).await?);
    }
    let sequential = median_round(sequential);
    let concurrent = median_round(concurrent);
    let (seq_ms, conc_ms) = (total_ms(&sequential), total_ms(&concurrent));
    println!("one after another: {seq_ms:.0} ms, all at once: {conc_ms:.0} ms");

    let numbers = json!({
        "demo": "dashboard-timeline",
        "machine": {
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        },
        "latency_ms": LATENCY.as_millis(),
        "rounds": ROUNDS,
        "sequential": as_json(&sequential),
        "concurrent": as_json(&concurrent),
    });

    let dir = demos::course_root().join("book/src/03-many-services");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("dashboard-timeline.svg"), draw(&numbers)?)?;
    std::fs::write(
        dir.join("dashboard-timeline.json"),
        serde_json::to_string_pretty(&numbers)? + "\n",
    )?;
    println!("wrote book/src/03-many-services/dashboard-timeline.svg and .json");
    Ok(())
}
