//! `GET /stores/{store}/report`: a slow synchronous report generator behind an async handler.
//!
//! These tests run on a `current_thread` runtime (`#[tokio::test]`'s default), like an ASGI
//! server's single event loop: a handler that blocks that one thread stops everything else,
//! and the heartbeat beside it sees the stall.

use std::future::IntoFuture;
use std::time::Duration;

use blocking_pitfall::{ReportGenerator, SlowWarehouse, Warehouse, app, sample_sales};
use testkit::blocking::{self, Rendezvous};
use testkit::futures::future::join_all;
use testkit::{StatusCode, TestClient, assert_response_snapshot};

/// How long the slow warehouse holds the thread: far above the detector's threshold.
const WAREHOUSE_LATENCY: Duration = Duration::from_millis(500);

fn client(warehouse: impl Warehouse) -> TestClient {
    TestClient::new(app(ReportGenerator::new(warehouse)))
}

#[tokio::test]
async fn a_report_sums_the_stores_sales() {
    let res = client(SlowWarehouse::new(Duration::ZERO))
        .get("/stores/7/report")
        .await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("report", res);
}

// ANCHOR: detector
#[tokio::test(flavor = "current_thread")]
async fn a_slow_report_does_not_block_the_runtime() {
    let client = client(SlowWarehouse::new(WAREHOUSE_LATENCY));

    let (res, pulse) = blocking::watch(client.get("/stores/7/report").into_future()).await;

    res.assert_status(StatusCode::OK);
    pulse.assert_not_blocked_because(
        "GET /stores/7/report",
        "The handler called `reports.generate(..)` on the async thread; the warehouse held that \
         thread for the whole query. Move the call into `tokio::task::spawn_blocking` and await \
         its JoinHandle.",
    );
}
// ANCHOR_END: detector

/// A warehouse that answers only once `N` queries are waiting at it together.
struct GatedWarehouse(Rendezvous);

impl Warehouse for GatedWarehouse {
    fn sales(&self, store: u32) -> Vec<u64> {
        self.0.wait();
        sample_sales(store)
    }
}

// ANCHOR: overlap
#[tokio::test(flavor = "current_thread")]
async fn concurrent_reports_are_generated_side_by_side() {
    const REQUESTS: u32 = 4;
    // Opens when all four queries are inside the warehouse at once; gives up after PATIENCE.
    let rendezvous = Rendezvous::new(REQUESTS as usize, testkit::probe::PATIENCE);
    let client = client(GatedWarehouse(rendezvous.clone()));

    let requests =
        (1..=REQUESTS).map(|store| client.get(&format!("/stores/{store}/report")).into_future());
    for res in join_all(requests).await {
        res.assert_status(StatusCode::OK);
    }

    assert!(
        rendezvous.opened(),
        "{REQUESTS} concurrent requests reached the warehouse one at a time (at most {} at \
         once), so each waited for the one before it.\nA blocking call on the async thread \
         serializes every request. With `spawn_blocking`, each report gets a thread of its own \
         and all {REQUESTS} wait for the warehouse together.",
        rendezvous.most_waiting(),
    );
}
// ANCHOR_END: overlap
