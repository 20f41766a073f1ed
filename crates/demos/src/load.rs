//! Measuring servers on loopback: start an app on a free port, drive it with a bounded number
//! of concurrent clients for a fixed time, and write the chart and its numbers for the book.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;

/// A client for loopback measurements (the course's load tool's, `testkit::load`): no proxy,
/// a connection pool big enough for every concurrent client, and a timeout so a stuck server
/// ends the run instead of hanging it.
pub fn http_client() -> reqwest::Client {
    testkit::load::http_client(Duration::from_secs(60), 1024)
}

/// Serves `app` on `127.0.0.1:0` in a task of the current runtime; returns its address.
pub async fn serve_on_loopback(app: Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("a loopback server stopped: {e}");
        }
    });
    Ok(addr)
}

/// What one load run measured.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct LoadResult {
    pub clients: usize,
    /// Requests answered with a 2xx status.
    pub ok: u64,
    /// Requests that failed: no answer, or a status other than 2xx.
    pub errors: u64,
    pub seconds: f64,
    pub requests_per_second: f64,
}

/// `clients` concurrent clients each send `GET url` in a loop, one request at a time, until
/// `duration` has passed. The run ends when every client's last request is answered. The
/// loop is the course's load tool's (`testkit::load::for_duration`), the one learners run.
pub async fn closed_loop(
    client: &reqwest::Client,
    url: &str,
    clients: usize,
    duration: Duration,
) -> LoadResult {
    let measured = testkit::load::for_duration(client, url, clients, duration).await;
    LoadResult {
        clients,
        ok: measured.ok as u64,
        errors: (measured.errors + measured.unanswered) as u64,
        seconds: measured.elapsed.as_secs_f64(),
        requests_per_second: measured.requests_per_second,
    }
}

/// The middle value (the mean of the two middle values for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A short description of the machine, for the book's captions ("2 cores, linux x86_64").
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!(
        "{cores} cores, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Writes `book/src/<chapter>/<name>.svg` and `<name>.json` and says where they went.
pub fn write_chart(
    chapter: &str,
    name: &str,
    svg: &str,
    numbers: &serde_json::Value,
) -> std::io::Result<()> {
    write_svg(chapter, name, svg)?;
    let json = serde_json::to_string_pretty(numbers).map_err(std::io::Error::other)?;
    write_book_file(chapter, &format!("{name}.json"), &(json + "\n"))
}

/// Writes `book/src/<chapter>/<name>.svg`, for a second chart drawn from the same numbers.
pub fn write_svg(chapter: &str, name: &str, svg: &str) -> std::io::Result<()> {
    write_book_file(chapter, &format!("{name}.svg"), svg)
}

fn write_book_file(chapter: &str, file: &str, text: &str) -> std::io::Result<()> {
    let dir: PathBuf = crate::course_root().join("book/src").join(chapter);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(file), text)?;
    println!("wrote book/src/{chapter}/{file}");
    Ok(())
}

/// Whether the demo was run with `--redraw`: draw its chart again from the numbers it wrote
/// last time (`book/src/<chapter>/<name>.json`) instead of measuring. A new look for the
/// charts needs no new measurement, and the figures the pages quote stay the same.
pub fn redraw_requested() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--redraw")
}

/// The numbers a demo wrote to `book/src/<chapter>/<name>.json`.
pub fn read_numbers(chapter: &str, name: &str) -> std::io::Result<serde_json::Value> {
    let path = crate::course_root()
        .join("book/src")
        .join(chapter)
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)?;
    serde_json::from_str(&text).map_err(std::io::Error::other)
}

/// A number at `pointer` (`/results/0/ratio`) in a demo's JSON, or an error naming it.
pub fn number(numbers: &serde_json::Value, pointer: &str) -> std::io::Result<f64> {
    numbers
        .pointer(pointer)
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| std::io::Error::other(format!("the demo's JSON has no number at {pointer}")))
}

/// The array at `pointer` in a demo's JSON, or an error naming it.
pub fn array<'a>(
    numbers: &'a serde_json::Value,
    pointer: &str,
) -> std::io::Result<&'a Vec<serde_json::Value>> {
    numbers
        .pointer(pointer)
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| std::io::Error::other(format!("the demo's JSON has no array at {pointer}")))
}

/// The text at `pointer` in a demo's JSON, or an error naming it.
pub fn text<'a>(numbers: &'a serde_json::Value, pointer: &str) -> std::io::Result<&'a str> {
    numbers
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| std::io::Error::other(format!("the demo's JSON has no text at {pointer}")))
}
