//! A middleware that does blocking work (a file read on every request): its answers are right,
//! and its blocking never stalls the runtime that serves the other requests.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use blocking_middleware::{BlocklistFile, Gate, Verdict, app};
use testkit::{InFlight, StatusCode, TestClient, TestResponse, assert_response_snapshot};

/// A blocklist file in the temp directory, removed when the test ends.
struct TempBlocklist {
    path: PathBuf,
}

impl TempBlocklist {
    fn with(keys: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "workshop-blocklist-{}-{}.txt",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let file = Self {
            path: std::env::temp_dir().join(name),
        };
        file.write(keys);
        file
    }

    fn write(&self, keys: &str) {
        std::fs::write(&self.path, keys).expect("the test can write its blocklist file");
    }

    fn client(&self) -> TestClient {
        TestClient::new(app(Arc::new(BlocklistFile::new(&self.path))))
    }
}

impl Drop for TempBlocklist {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

async fn get_articles(client: &TestClient, api_key: &str) -> TestResponse {
    client.get("/articles").header("x-api-key", api_key).await
}

#[tokio::test]
async fn an_allowed_key_reaches_the_handler() {
    let blocklist = TempBlocklist::with("spammer-key\n");
    let res = get_articles(&blocklist.client(), "reader-key").await;
    res.assert_status(StatusCode::OK).assert_json();
}

#[tokio::test]
async fn a_blocked_key_is_a_json_403() {
    let blocklist = TempBlocklist::with("someone-else\nspammer-key\n");
    let res = get_articles(&blocklist.client(), "spammer-key").await;
    res.assert_status(StatusCode::FORBIDDEN).assert_json();
    assert_response_snapshot!("blocked", res);
}

#[tokio::test]
async fn the_blocklist_is_read_on_every_request() {
    let blocklist = TempBlocklist::with("");
    let client = blocklist.client();
    get_articles(&client, "reader-key")
        .await
        .assert_status(StatusCode::OK);
    blocklist.write("reader-key\n");
    let res = get_articles(&client, "reader-key").await;
    assert!(
        res.status == StatusCode::FORBIDDEN,
        "`reader-key` was added to the blocklist file, but the next request still answered \
         {}: ask the gate on every request, do not keep its first answer.\n{res:?}",
        res.status
    );
}

#[tokio::test]
async fn an_unreadable_blocklist_is_a_json_503() {
    let blocklist = TempBlocklist::with("");
    let client = blocklist.client();
    drop(blocklist); // the file is gone; the client still points at it
    let res = get_articles(&client, "reader-key").await;
    assert!(
        res.status == StatusCode::SERVICE_UNAVAILABLE,
        "the blocklist file is missing, so the gate cannot decide, and the answer was {}. \
         Fail closed: a check that errs is `ApiError::gate_unavailable()` (503), not a pass.\n{res:?}",
        res.status
    );
    res.assert_json();
    assert_response_snapshot!("gate_unavailable", res);
}

/// A gate whose check blocks its thread until `expected` checks are inside at once, or until
/// `patience` runs out. Checks that run side by side meet quickly; checks that run one after
/// another never meet, and the first one gives up (the others then do not wait again).
struct MeetingGate {
    inside: InFlight,
    expected: usize,
    patience: Duration,
    gave_up: AtomicBool,
}

impl Gate for MeetingGate {
    fn check(&self, _api_key: Option<&str>) -> io::Result<Verdict> {
        let _inside = self.inside.enter();
        let started = Instant::now();
        // `peak`, not `current`: once all have met, the first to leave must not strand the rest.
        while self.inside.peak() < self.expected && !self.gave_up.load(Ordering::SeqCst) {
            if started.elapsed() > self.patience {
                self.gave_up.store(true, Ordering::SeqCst);
                break;
            }
            // A blocking wait, on purpose: this is the kind of call the middleware must
            // keep off the runtime's threads.
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(Verdict::Allow)
    }
}

// ANCHOR: stall_test
/// `#[tokio::test]` runs on a current-thread runtime: one thread drives every request. A
/// check that blocks that thread stops every other request where it stands, so the checks
/// can only run one at a time, and the test can count it.
#[tokio::test]
async fn blocking_checks_do_not_stall_the_runtime() {
    const REQUESTS: usize = 4;
    let gate = Arc::new(MeetingGate {
        inside: InFlight::new(),
        expected: REQUESTS,
        patience: testkit::probe::PATIENCE,
        gave_up: AtomicBool::new(false),
    });
    // The heartbeat of chapter 4 watches the runtime while the requests run.
    let heartbeat = testkit::blocking::Heartbeat::start().await;
    let client = TestClient::new(app(gate.clone()));

    let requests = (0..REQUESTS).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get_articles(&client, "reader-key").await })
    });
    let responses = testkit::futures::future::join_all(requests).await;
    let pulse = heartbeat.stop();
    for request in responses {
        let res = request.expect("a request task panicked");
        res.assert_status(StatusCode::OK);
    }
    pulse.assert_not_blocked_because(
        "the blocklist check in the middleware",
        "The check reads a file with std::fs and ran on the runtime's own thread, so every \
         other request waited for it.",
    );

    let peak = gate.inside.peak();
    assert!(
        peak == REQUESTS,
        "{REQUESTS} requests reached the blocking check one at a time (at most {peak} at \
         once), though each waited up to {} s for the others.\nThe check ran on the runtime's \
         own thread: while it blocked, no other request could even start. Run it with \
         `tokio::task::spawn_blocking(move || gate.check(..)).await`, which waits for it on \
         tokio's blocking pool instead.",
        gate.patience.as_secs()
    );
}
// ANCHOR_END: stall_test
