//! Independent queries run at the same time on a pool, proven by counting connections, and a
//! pool of one runs the same queries one at a time.

use std::time::Duration;

use concurrent_queries::{dashboard, pool_options};
use testkit::assert_json_snapshot;
use testkit::db::sqlx::any::AnyPoolOptions;
use testkit::db::{PoolProbe, TestDb};
use testkit::probe::PATIENCE;

/// The dashboard's independent queries.
const QUERIES: usize = 3;
/// How long the probe waits for the three queries to hold a connection each at once.
const GATE_LIMIT: Duration = PATIENCE;

#[tokio::test]
async fn the_dashboard_shows_the_three_numbers() {
    let db = TestDb::seeded().await;
    let shown = match dashboard(db.pool()).await {
        Ok(shown) => shown,
        Err(e) => panic!("dashboard failed: {e}"),
    };
    assert_json_snapshot!("dashboard", shown);
}

#[tokio::test]
async fn an_empty_blog_has_an_empty_dashboard() {
    let db = TestDb::migrated().await;
    let shown = dashboard(db.pool()).await;
    assert!(
        matches!(&shown, Ok(d) if d.published == 0 && d.reviews == 0 && d.newest_title.is_none()),
        "with no rows: 0 published, 0 reviews, no newest title (None); got {shown:?}"
    );
}

// ANCHOR: overlap
#[tokio::test]
async fn the_three_queries_run_at_the_same_time() {
    let db = TestDb::seeded().await;
    let size = pool_options().get_max_connections();
    // Your pool's size, and a probe that holds each of the first three connections handed
    // out until all three are out at once.
    let probe = PoolProbe::with_gate(QUERIES, GATE_LIMIT);
    let options = AnyPoolOptions::new().max_connections(size);
    let pool = db.connect_with(probe.install(options)).await;
    probe.arm();
    let shown = dashboard(&pool).await;
    assert!(shown.is_ok(), "dashboard failed: {shown:?}");
    let advice = if size < QUERIES as u32 {
        format!(
            "Your pool_options() allows {size} connection(s): the other queries waited for a \
             free one. Give the pool room for the queries you run at once."
        )
    } else {
        "The queries were awaited one after another. Build the three futures first, then \
         await them together with `tokio::try_join!`."
            .to_owned()
    };
    assert!(
        probe.gate_opened(),
        "the dashboard's {QUERIES} independent queries never held {QUERIES} connections at the \
         same time (the probe waited {GATE_LIMIT:?} for them). {advice}"
    );
}
// ANCHOR_END: overlap

// ANCHOR: pool_of_one
#[tokio::test]
async fn a_pool_of_one_runs_the_same_queries_one_at_a_time() {
    let db = TestDb::seeded().await;
    let probe = PoolProbe::new();
    let options = AnyPoolOptions::new().max_connections(1);
    let pool = db.connect_with(probe.install(options)).await;
    probe.arm();
    let shown = dashboard(&pool).await;
    assert!(
        shown.is_ok(),
        "the same dashboard on a pool of one still works, only slower; got {shown:?}"
    );
    assert!(
        probe.checkouts() >= QUERIES,
        "the dashboard should run its {QUERIES} queries, each taking a connection from the \
         pool; the pool handed out {}",
        probe.checkouts()
    );
    assert_eq!(
        probe.peak_out(),
        1,
        "a pool of one never has two connections out: try_join! or not, the queries queue"
    );
}
// ANCHOR_END: pool_of_one
