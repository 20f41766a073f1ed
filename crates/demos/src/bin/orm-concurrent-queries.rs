//! Three independent queries, three ways: awaited one after another, joined on a pool of ten
//! connections (the size of the exercise's reference `pool_options()`), and joined on a pool
//! of one. Measures when each query held its connection and
//! draws the timelines into `book/src/02-async-orm/orm-concurrent-queries.svg` (raw numbers in
//! the `.json` beside it).
//!
//! Each query stands for one that keeps the database busy for 100 ms. With `WORKSHOP_DATABASE_URL`
//! naming a PostgreSQL server, it is real server time: `SELECT pg_sleep(0.1)`. Without, the
//! demo runs on a SQLite file and holds each connection for 100 ms after a trivial query,
//! which is what a pool sees of a slow query. (CPU-heavy SQLite queries would measure the
//! machine's cores instead, and on a busy two-core machine show no overlap at all.)
//!
//! `bash .ci/postgres.sh cargo run -p demos --release --bin orm-concurrent-queries`
//! (or without the script, on SQLite; `--redraw`: only the chart again, from the `.json`)

use std::time::Instant;

use demos::db::{self, keep_busy, pool};
use demos::load::{array, number, read_numbers, redraw_requested, text, write_svg};
use demos::svg::{self, Span};
use serde::Serialize;
use serde_json::Value;
use sqlx::AnyPool;

/// How long each query keeps the database busy.
const QUERY_TIME: std::time::Duration = std::time::Duration::from_millis(100);
const QUERIES: [&str; 3] = ["published count", "review count", "newest title"];
/// The pool the page's listing builds: the reference solution's `max_connections(10)`.
const POOL_SIZE: u32 = 10;

#[derive(Serialize)]
struct Held {
    query: &'static str,
    /// When the query got its connection and when it finished, from the scenario's start.
    start_ms: f64,
    end_ms: f64,
}

#[derive(Serialize)]
struct Scenario {
    name: &'static str,
    total_ms: f64,
    queries: Vec<Held>,
}

/// One query: wait for a connection, then keep it busy for [`QUERY_TIME`].
async fn timed(pool: &AnyPool, query: &'static str, origin: Instant) -> Result<Held, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let start_ms = origin.elapsed().as_secs_f64() * 1000.0;
    keep_busy(&mut connection, QUERY_TIME).await?;
    let end_ms = origin.elapsed().as_secs_f64() * 1000.0;
    Ok(Held {
        query,
        start_ms,
        end_ms,
    })
}

async fn sequential(pool: &AnyPool) -> Result<Vec<Held>, sqlx::Error> {
    let origin = Instant::now();
    let mut held = Vec::new();
    for query in QUERIES {
        held.push(timed(pool, query, origin).await?);
    }
    Ok(held)
}

async fn joined(pool: &AnyPool) -> Result<Vec<Held>, sqlx::Error> {
    let origin = Instant::now();
    let (a, b, c) = tokio::try_join!(
        timed(pool, QUERIES[0], origin),
        timed(pool, QUERIES[1], origin),
        timed(pool, QUERIES[2], origin),
    )?;
    Ok(vec![a, b, c])
}

fn scenario(name: &'static str, queries: Vec<Held>) -> Scenario {
    let total_ms = queries.iter().map(|q| q.end_ms).fold(0.0, f64::max);
    Scenario {
        name,
        total_ms,
        queries,
    }
}

/// The chart, from the numbers `main` writes: one timeline per scenario.
fn draw(numbers: &Value) -> std::io::Result<String> {
    let mut groups = Vec::new();
    for scenario in array(numbers, "/scenarios")? {
        let spans = array(scenario, "/queries")?
            .iter()
            .map(|q| {
                let (start_ms, end_ms) = (number(q, "/start_ms")?, number(q, "/end_ms")?);
                Ok(Span {
                    lane: text(q, "/query")?.to_owned(),
                    label: format!("{:.0} ms", end_ms - start_ms),
                    start_ms,
                    end_ms,
                })
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        let name = format!(
            "{}: {:.0} ms",
            text(scenario, "/name")?,
            number(scenario, "/total_ms")?
        );
        groups.push((name, spans));
    }
    let groups: Vec<(&str, Vec<Span>)> = groups
        .iter()
        .map(|(name, spans)| (name.as_str(), spans.clone()))
        .collect();
    Ok(svg::timeline(
        &format!(
            "Three independent {} ms queries on {}: when each one held a connection",
            number(numbers, "/query_ms")?,
            text(numbers, "/backend")?
        ),
        &groups,
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if redraw_requested() {
        let numbers = read_numbers("02-async-orm", "orm-concurrent-queries")?;
        write_svg("02-async-orm", "orm-concurrent-queries", &draw(&numbers)?)?;
        return Ok(());
    }
    sqlx::any::install_default_drivers();
    let dir = std::env::temp_dir().join(format!("orm-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = db::url(&dir);
    let pooled = pool(POOL_SIZE, &url).await?;
    let one = pool(1, &url).await?;
    let backend = pooled.acquire().await?.backend_name().to_owned();
    // One round to warm SQLite up, then the measured one.
    joined(&pooled).await?;
    let scenarios = vec![
        scenario(
            "awaited one after another (pool of 10)",
            sequential(&pooled).await?,
        ),
        scenario("try_join! on a pool of 10", joined(&pooled).await?),
        scenario("try_join! on a pool of 1", joined(&one).await?),
    ];

    pooled.close().await;
    one.close().await;
    std::fs::remove_dir_all(&dir)?;

    let numbers = serde_json::json!({
        "backend": backend,
        "query_ms": QUERY_TIME.as_millis(),
        "pool_size": POOL_SIZE,
        "scenarios": scenarios,
    });
    let book = demos::course_root().join("book/src/02-async-orm");
    std::fs::write(
        book.join("orm-concurrent-queries.json"),
        serde_json::to_string_pretty(&numbers)?,
    )?;
    write_svg("02-async-orm", "orm-concurrent-queries", &draw(&numbers)?)?;
    println!("on {backend}:");
    for s in &scenarios {
        println!("{:<40} {:>6.0} ms", s.name, s.total_ms);
    }
    Ok(())
}
