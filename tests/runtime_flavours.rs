//! The same app on a current-thread and on a multi-thread runtime, with a blocking call, an
//! async call and an offloaded blocking call. Nothing here reads a clock: the report service
//! counts how many calls were ever in progress at once.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use runtime_flavours::{Flavour, Reports, Server, app, build_runtime};
use testkit::futures::future::join_all;
use testkit::probe::PATIENCE;
use testkit::serving::{http_client, send};
use testkit::{StatusCode, TestResponse, assert_response_snapshot};
use tokio::runtime::RuntimeFlavor;

/// How long a report call waits for the others to overlap with. Where calls can overlap they
/// meet within milliseconds, and the wait ends as soon as they do; where they cannot, each
/// waits this out in turn, so it is the testkit's patience shared among the calls.
fn patience_for(calls: u32) -> Duration {
    PATIENCE / calls
}

/// For the one test where calls must not overlap: each waits this long, alone.
const SHORT_PATIENCE: Duration = Duration::from_millis(100);

fn start(flavour: Flavour, reports: &Reports) -> Server {
    Server::start(flavour, app(reports.clone())).unwrap_or_else(|e| {
        panic!("starting the {flavour:?} server failed: {e} (look at `build_runtime`)")
    })
}

/// Sends `count` GETs to `path` at the same time, each on its own connection, and collects
/// the answers. A request that gets no answer fails the test, saying so.
async fn get_at_once(server: &Server, path: &str, count: usize) -> Vec<TestResponse> {
    let client = http_client();
    let requests = (0..count).map(|_| send(client.get(server.url(path))));
    let mut answers = Vec::new();
    for answer in join_all(requests).await {
        answers.push(answer.unwrap_or_else(|e| {
            panic!("{e}\nThe server thread probably panicked: read its panic message too.")
        }));
    }
    answers
}

// ANCHOR: flavour_test
#[test]
fn build_runtime_makes_the_flavour_asked_for_with_io_and_timers() {
    let cases = [
        (Flavour::CurrentThread, RuntimeFlavor::CurrentThread, 1),
        (
            Flavour::MultiThread { workers: 3 },
            RuntimeFlavor::MultiThread,
            3,
        ),
    ];
    for (flavour, expected, workers) in cases {
        let runtime = build_runtime(flavour)
            .unwrap_or_else(|e| panic!("build_runtime({flavour:?}) failed: {e}"));
        let built = runtime.handle().runtime_flavor();
        assert!(
            built == expected,
            "build_runtime({flavour:?}) built a {built:?} runtime, expected {expected:?}"
        );
        let threads = runtime.metrics().num_workers();
        assert!(
            threads == workers,
            "build_runtime({flavour:?}) built a runtime with {threads} worker thread(s), \
             expected {workers}: pass the count to `worker_threads`"
        );
        let uses_drivers = std::panic::catch_unwind(AssertUnwindSafe(|| {
            runtime.block_on(async {
                tokio::time::sleep(Duration::from_millis(1)).await;
                tokio::net::TcpListener::bind("127.0.0.1:0").await
            })
        }));
        assert!(
            matches!(uses_drivers, Ok(Ok(_))),
            "the {flavour:?} runtime cannot sleep or open a socket: a bare builder has no \
             timer and no I/O driver. Call `.enable_all()` before `.build()` (tokio's own \
             panic, printed with this one, says which driver was missing)."
        );
    }
}
// ANCHOR_END: flavour_test

#[tokio::test]
async fn one_thread_is_enough_for_async_handlers() {
    let reports = Reports::new(3, patience_for(3));
    let server = start(Flavour::CurrentThread, &reports);
    let answers = get_at_once(&server, "/async-report", 3).await;
    for res in &answers {
        res.assert_status(StatusCode::OK).assert_json();
    }
    assert!(
        reports.peak() == 3,
        "three /async-report calls overlapped at most {} at a time on the current-thread \
         server; awaiting lets one thread interleave all three",
        reports.peak()
    );
    assert_response_snapshot!("async_report", answers[0]);
}

// ANCHOR: serialized_test
#[tokio::test]
async fn a_current_thread_server_runs_blocking_handlers_one_at_a_time() {
    let reports = Reports::new(2, SHORT_PATIENCE);
    let server = start(Flavour::CurrentThread, &reports);
    let answers = get_at_once(&server, "/blocking-report", 3).await;
    for res in &answers {
        // It works, just not concurrently: every request is answered, one after another.
        res.assert_status(StatusCode::OK).assert_json();
    }
    assert!(
        reports.peak() == 1,
        "the CurrentThread server ran {} blocking calls at the same time, so it has more than \
         one thread: `Flavour::CurrentThread` must build `Builder::new_current_thread()`",
        reports.peak()
    );
    assert_eq!(reports.completed(), 3, "every request rendered its report");
}
// ANCHOR_END: serialized_test

#[tokio::test]
async fn spawn_blocking_frees_even_a_current_thread_server() {
    let reports = Reports::new(2, patience_for(2));
    let server = start(Flavour::CurrentThread, &reports);
    let answers = get_at_once(&server, "/offloaded-report", 2).await;
    for res in &answers {
        res.assert_status(StatusCode::OK).assert_json();
        assert_eq!(res.json()["rendered_by"], "offloaded", "{res:?}");
    }
    assert!(
        reports.peak() >= 2,
        "two /offloaded-report calls ran one at a time on the current-thread server: the \
         blocking call still runs on the runtime's only thread. Move it into \
         `tokio::task::spawn_blocking(move || ...)` and await the handle."
    );
}

#[tokio::test]
async fn spawn_blocking_works_on_a_multi_thread_server_too() {
    let reports = Reports::new(2, patience_for(2));
    let server = start(Flavour::MultiThread { workers: 2 }, &reports);
    let answers = get_at_once(&server, "/offloaded-report", 2).await;
    for res in &answers {
        res.assert_status(StatusCode::OK).assert_json();
    }
    assert!(
        reports.peak() >= 2,
        "two /offloaded-report calls ran one at a time on the multi-thread server: the \
         blocking call still holds a worker thread. Move it into \
         `tokio::task::spawn_blocking(move || ...)` and await the handle."
    );
}
