//! `/words/{word}`: a dictionary that must stay on one thread, owned by a dedicated thread and
//! reached through a channel. Many concurrent callers, one owner thread, all answered.

use std::future::IntoFuture;
use std::time::Duration;

use testkit::blocking;
use testkit::futures::future::join_all;
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};
use thread_sensitive::{DictionaryConfig, DictionaryHandle, ThreadLog, app};

/// How long every dictionary call takes in the test that watches the runtime.
const SLOW_CALL: Duration = Duration::from_millis(500);

fn start(latency: Duration) -> (TestClient, ThreadLog) {
    let log = ThreadLog::default();
    let config = DictionaryConfig {
        latency,
        log: log.clone(),
    };
    let handle = DictionaryHandle::spawn(config).expect("starting the dictionary's owner thread");
    (TestClient::new(app(handle)), log)
}

#[track_caller]
fn count_in(res: &TestResponse) -> u64 {
    res.assert_status(StatusCode::OK).assert_json();
    match res.json()["count"].as_u64() {
        Some(count) => count,
        None => panic!("{} should answer a numeric `count`\n{res:?}", res.request),
    }
}

#[tokio::test]
async fn counts_are_kept_between_requests() {
    let (client, _) = start(Duration::ZERO);
    let fresh = count_in(&client.get("/words/ferris").await);
    assert!(fresh == 0, "a word nobody added counts 0, got {fresh}");
    client.post("/words/ferris").await;
    let res = client.post("/words/ferris").await;
    let second = count_in(&res);
    assert!(
        second == 2,
        "the second POST /words/ferris should answer count 2, got {second}: each call must \
         reach the same dictionary, opened once by its owner thread\n{res:?}"
    );
    assert_response_snapshot!("counted", res);
    let res = client.get("/words/ferris").await;
    let read = count_in(&res);
    assert!(
        read == 2,
        "after two POSTs, GET /words/ferris should answer count 2 from the same dictionary, got \
         {read}\n{res:?}"
    );
}

// ANCHOR: one_owner
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_callers_share_one_owner_thread() {
    let (client, log) = start(Duration::ZERO);

    let posts = (0..100).map(|_| client.post("/words/tokio").into_future());
    let gets = (0..20).map(|_| client.get("/words/tokio").into_future());
    let (posts, gets) = testkit::tokio::join!(
        join_all(posts.map(testkit::tokio::spawn)),
        join_all(gets.map(testkit::tokio::spawn)),
    );
    for res in posts.into_iter().chain(gets) {
        res.expect("a request task panicked")
            .assert_status(StatusCode::OK);
    }

    let threads = log.thread_names();
    assert!(
        threads.len() == 1 && log.opened() == 1,
        "the dictionary was opened {} time(s) and used from {} thread(s) ({}).\nIt must stay on \
         one thread: open it once, inside one owner thread, and send that thread every call \
         through a channel. A dictionary per worker thread (thread_local!) or per request \
         (spawn_blocking) keeps a separate count in each.",
        log.opened(),
        threads.len(),
        threads.join(", "),
    );
    let count = count_in(&client.get("/words/tokio").await);
    assert!(
        count == 100,
        "100 concurrent POSTs took the count of `tokio` to {count}: every call must reach the \
         one dictionary"
    );
}
// ANCHOR_END: one_owner

#[tokio::test(flavor = "current_thread")]
async fn a_slow_dictionary_does_not_block_the_runtime() {
    let (client, _) = start(SLOW_CALL);
    let (res, pulse) = blocking::watch(client.post("/words/slow").into_future()).await;
    assert_eq!(count_in(&res), 1, "one POST counts one");
    pulse.assert_not_blocked_because(
        "POST /words/slow",
        "The dictionary ran on the async thread, or the handler waited for the owner's answer \
         by blocking (a std channel's `recv()`, `block_on`). Send each call to the owner thread \
         and await a `tokio::sync::oneshot` receiver for the answer: the task sleeps, and the \
         async thread serves others meanwhile.",
    );
}

#[tokio::test]
async fn the_owner_thread_stops_when_the_app_is_dropped() {
    let (client, log) = start(Duration::ZERO);
    client.post("/words/bye").await;
    drop(client);

    // The owner notices that every sender is gone and closes the dictionary.
    let closed = testkit::tokio::time::timeout(testkit::probe::PATIENCE, async {
        while log.closed() == 0 {
            testkit::tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "{:?} after the app was dropped, the dictionary is still open ({} opened, {} closed): \
         the owner thread never ended.\n`blocking_recv()` answers `None` once every sender is \
         dropped; end the loop there (`while let Some(command) = ...`), and keep no sender \
         inside the owner thread.",
        testkit::probe::PATIENCE,
        log.opened(),
        log.closed(),
    );
}
