//! One query is not faster for being awaited; many independent queries are, when they wait.
//! Measures, as medians over repeated rounds, and draws
//! `book/src/02-async-orm/single-query.svg` (raw numbers in the `.json` beside it):
//!
//! - one query, called the blocking way and awaited: the same time;
//! - eight queries that each keep the database busy waiting, awaited in turn and then together
//!   with `try_join_all` on a pool of eight: eight times faster together;
//! - eight queries that keep the machine's cores busy computing, the same two ways: together
//!   they are only as much faster as there are free cores.
//!
//! The blocking baseline is the same sqlx pool and SQL driven by `Runtime::block_on` on a
//! current-thread runtime, from a thread that belongs to no runtime, which is how a blocking
//! client wraps an async one (`reqwest::blocking` is built that way). It is the honest "sync"
//! here because it keeps everything else equal: same driver, same connection settings, same
//! statement; only the way the caller waits for the answer differs (its thread parked in
//! `block_on`, or its task parked at an `.await`). A second driver (rusqlite) would compare two
//! drivers, not two ways of waiting, and add a crate to every learner's build. The time is
//! taken on the blocking thread itself, so the hand-off to it is not counted.
//!
//! With `WORKSHOP_DATABASE_URL` naming a PostgreSQL server, a waiting query is real server
//! time (`SELECT pg_sleep(0.05)`). Without, the demo runs on a SQLite file, and a waiting query
//! holds its connection for 50 ms after a trivial query, which is what a pool sees of a query
//! that waits on a database server. The computing query is a recursive CTE that counts to
//! [`CTE_ROWS`], on either database.
//!
//! `cargo run -p demos --release --bin single-query` (about 10 s; `--redraw`: only the chart
//! again, from the `.json`; `bash .ci/postgres.sh cargo run ...` to measure on PostgreSQL)

use std::sync::Arc;
use std::time::{Duration, Instant};

use demos::db::{self, keep_busy, pool};
use demos::load::{
    array, machine, median, number, read_numbers, redraw_requested, text, write_chart, write_svg,
};
use demos::svg::{Bar, bar_chart};
use serde_json::{Value, json};
use sqlx::AnyPool;

/// How far the computing query counts: a few tens of milliseconds of database work.
const CTE_ROWS: i64 = 30_000;
/// How long a waiting query keeps the database busy.
const WAIT: Duration = Duration::from_millis(50);
/// Independent queries at once, and the pool that lets them all run together.
const MANY: usize = 8;
const ROUNDS_ONE: usize = 31;
const ROUNDS_MANY: usize = 7;
const CHAPTER: &str = "02-async-orm";
const NAME: &str = "single-query";

const COUNT_TO: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
     SELECT COUNT(*) FROM n";

/// The computing query: the database counts to [`CTE_ROWS`] and answers one number.
async fn count_to(pool: AnyPool) -> Result<i64, sqlx::Error> {
    let counted: i64 = sqlx::query_scalar(COUNT_TO)
        .bind(CTE_ROWS)
        .fetch_one(&pool)
        .await?;
    assert_eq!(counted, CTE_ROWS, "the CTE counted to {counted}");
    Ok(counted)
}

/// The smallest round trip: the cost of asking at all.
async fn trivial(pool: AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT 1").fetch_one(&pool).await
}

/// The waiting query: keeps its connection busy for [`WAIT`].
async fn waiting(pool: AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    keep_busy(&mut connection, WAIT).await
}

/// The blocking client: a current-thread runtime of its own and a pool opened on it. Each call
/// blocks the calling thread until the answer is back, as a sync driver's call would.
struct Blocking {
    runtime: tokio::runtime::Runtime,
    pool: AnyPool,
}

impl Blocking {
    fn open(url: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let pool = runtime.block_on(pool(1, url))?;
        Ok(Blocking { runtime, pool })
    }

    /// Runs `query` to the end on this thread and says how long the caller waited (ms).
    fn timed<F, T>(&self, query: impl FnOnce(AnyPool) -> F) -> Result<f64, sqlx::Error>
    where
        F: Future<Output = Result<T, sqlx::Error>>,
    {
        let started = Instant::now();
        self.runtime.block_on(query(self.pool.clone()))?;
        Ok(ms(started))
    }
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// One query, both ways, round after round, so that the machine's load drifts over both
/// alike. Returns (blocking, awaited) times in ms.
async fn one_query_both_ways<F>(
    blocking: &Arc<Blocking>,
    pool: &AnyPool,
    query: fn(AnyPool) -> F,
) -> Result<(Vec<f64>, Vec<f64>), Box<dyn std::error::Error + Send + Sync>>
where
    F: Future<Output = Result<i64, sqlx::Error>> + 'static,
{
    let (mut blocked, mut awaited) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS_ONE {
        // Every other round the other way first, so that neither always runs second.
        for blocking_turn in [round % 2 == 0, round % 2 == 1] {
            if blocking_turn {
                let client = Arc::clone(blocking);
                // A thread of the blocking pool belongs to no runtime: `block_on` is allowed.
                let waited = tokio::task::spawn_blocking(move || client.timed(query)).await??;
                blocked.push(waited);
            } else {
                let started = Instant::now();
                query(pool.clone()).await?;
                awaited.push(ms(started));
            }
        }
    }
    Ok((blocked, awaited))
}

/// `MANY` copies of `query`, awaited one after another and then together. Returns (in turn,
/// together) times in ms.
async fn many_both_ways<F, T>(
    pool: &AnyPool,
    query: impl Fn(AnyPool) -> F,
) -> Result<(Vec<f64>, Vec<f64>), sqlx::Error>
where
    F: Future<Output = Result<T, sqlx::Error>>,
{
    let (mut in_turn, mut together) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS_MANY {
        let started = Instant::now();
        for _ in 0..MANY {
            query(pool.clone()).await?;
        }
        in_turn.push(ms(started));
        let started = Instant::now();
        futures::future::try_join_all((0..MANY).map(|_| query(pool.clone()))).await?;
        together.push(ms(started));
    }
    Ok((in_turn, together))
}

fn result(name: &str, runs_ms: Vec<f64>) -> Value {
    json!({ "name": name, "median_ms": median(&runs_ms), "runs_ms": runs_ms })
}

/// The chart, from the numbers `main` writes.
fn draw(numbers: &Value) -> std::io::Result<String> {
    let mut bars = Vec::new();
    for result in array(numbers, "/results")? {
        let value = number(result, "/median_ms")?;
        bars.push(Bar {
            label: text(result, "/name")?.to_owned(),
            value,
            annotation: format!("{value:.0} ms"),
        });
    }
    Ok(bar_chart(
        &format!(
            "One query, and {} at once, on {} (medians of {} and {} rounds)",
            number(numbers, "/many")?,
            text(numbers, "/backend")?,
            number(numbers, "/rounds_one")?,
            number(numbers, "/rounds_many")?,
        ),
        "wall time (ms)",
        &bars,
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if redraw_requested() {
        let numbers = read_numbers(CHAPTER, NAME)?;
        write_svg(CHAPTER, NAME, &draw(&numbers)?)?;
        return Ok(());
    }
    sqlx::any::install_default_drivers();
    let dir = std::env::temp_dir().join(format!("single-query-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = db::url(&dir);
    let one = pool(1, &url).await?;
    let many = pool(MANY as u32, &url).await?;
    let backend = one.acquire().await?.backend_name().to_owned();
    let blocking = {
        let url = url.clone();
        Arc::new(tokio::task::spawn_blocking(move || Blocking::open(&url)).await??)
    };
    // A warm-up round of everything, unmeasured.
    count_to(one.clone()).await?;
    many_both_ways(&many, waiting).await?;
    let client = Arc::clone(&blocking);
    tokio::task::spawn_blocking(move || client.timed(count_to)).await??;

    let (cte_blocked, cte_awaited) = one_query_both_ways(&blocking, &one, count_to).await?;
    let (trivial_blocked, trivial_awaited) = one_query_both_ways(&blocking, &one, trivial).await?;
    let (wait_in_turn, wait_together) = many_both_ways(&many, waiting).await?;
    let (cte_in_turn, cte_together) = many_both_ways(&many, count_to).await?;

    many.close().await;
    one.close().await;
    // The blocking client's pool closes on its own runtime, off this one.
    tokio::task::spawn_blocking(move || {
        if let Ok(blocking) = Arc::try_unwrap(blocking) {
            blocking.runtime.block_on(blocking.pool.close());
        }
    })
    .await?;
    std::fs::remove_dir_all(&dir)?;

    let wait_ms = WAIT.as_millis();
    let numbers = json!({
        "demo": NAME,
        "machine": machine(),
        "backend": backend,
        "cte_rows": CTE_ROWS,
        "wait_ms": wait_ms,
        "many": MANY,
        "rounds_one": ROUNDS_ONE,
        "rounds_many": ROUNDS_MANY,
        "results": [
            result("one counting query, a blocking call", cte_blocked),
            result("one counting query, awaited", cte_awaited),
            result(&format!("{MANY} waiting queries ({wait_ms} ms), awaited in turn"), wait_in_turn),
            result(&format!("{MANY} waiting queries, try_join_all, pool of {MANY}"), wait_together),
            result(&format!("{MANY} counting queries, awaited in turn"), cte_in_turn),
            result(&format!("{MANY} counting queries, try_join_all, pool of {MANY}"), cte_together),
        ],
        // A round trip with no work: what asking costs, each way (not drawn: too small to see).
        "trivial": [
            result("SELECT 1, a blocking call", trivial_blocked),
            result("SELECT 1, awaited", trivial_awaited),
        ],
    });
    write_chart(CHAPTER, NAME, &draw(&numbers)?, &numbers)?;
    println!("on {backend} ({}):", machine());
    for r in array(&numbers, "/results")?
        .iter()
        .chain(array(&numbers, "/trivial")?)
    {
        println!(
            "{:<55} {:>9.3} ms",
            text(r, "/name")?,
            number(r, "/median_ms")?
        );
    }
    Ok(())
}
