//! `sync_to_async`, and `GET /invoices/{name}` built on it: a synchronous legacy reader whose
//! errors and panics come back as values, while the async thread stays free.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sync_to_async::{BridgeError, InvoiceReader, app, sync_to_async};
use testkit::blocking::{self, silence_panics_containing};
use testkit::{StatusCode, TestClient, TestResponse, TestServer, assert_response_snapshot};

/// Every panic of the legacy reader starts with this.
const PLANTED: &str = "legacy invoice reader";

/// How long the slow share takes to open a file: far above the detector's threshold.
const SHARE_LATENCY: Duration = Duration::from_millis(500);

/// A directory of invoices for one test, removed when the test ends.
struct InvoiceDir(PathBuf);

impl InvoiceDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "workshop-sync-to-async-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("creating the test's invoice directory");
        let files = [
            (
                "march",
                "item,quantity,unit_cents\npaper,10,450\nstapler,1,1299\n",
            ),
            ("april", "item,quantity,unit_cents\npaper,two,450\n"),
            // The second line has no price: the legacy reader panics on it.
            (
                "torn",
                "item,quantity,unit_cents\npaper,10,450\nstapler,1\n",
            ),
        ];
        for (name, text) in files {
            std::fs::write(dir.join(format!("{name}.csv")), text).expect("writing a test invoice");
        }
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for InvoiceDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn client(dir: &InvoiceDir, latency: Duration) -> TestClient {
    TestClient::new(app(InvoiceReader::new(dir.path(), latency)))
}

#[track_caller]
fn assert_error(res: &TestResponse, status: StatusCode, code: &str) {
    res.assert_status(status).assert_json();
    assert_eq!(
        res.json()["error"],
        code,
        "{} should answer {{\"error\": \"{code}\", \"message\": ...}}\n{res:?}",
        res.request
    );
}

// --- sync_to_async itself ---

#[tokio::test]
async fn sync_to_async_gives_back_the_value() {
    let answer = sync_to_async(|| Ok::<_, String>(6 * 7)).await;
    assert!(
        answer == Ok(42),
        "sync_to_async(|| Ok(6 * 7)) should give Ok(42), got {answer:?}"
    );
}

#[tokio::test]
async fn sync_to_async_gives_back_the_error() {
    let answer = sync_to_async(|| Err::<u32, _>("the share is offline".to_owned())).await;
    assert!(
        answer == Err(BridgeError::Failed("the share is offline".to_owned())),
        "an `Err(e)` from the sync code should come back as Err(BridgeError::Failed(e)), got \
         {answer:?}"
    );
}

// ANCHOR: panic_as_value
#[tokio::test]
async fn sync_to_async_turns_a_panic_into_a_value() {
    silence_panics_containing(PLANTED);
    let dir = InvoiceDir::new();
    let mounted = InvoiceReader::new(dir.path(), Duration::ZERO);
    let unmounted = InvoiceReader::new(dir.path().join("not-mounted"), Duration::ZERO);
    // The reader's two crashes. `panic!("text")` carries a `&str`, `panic!("{x}")` a `String`:
    // both must come back with their message.
    let crashes = [
        (unmounted, "march", "the invoice share is not mounted"),
        (mounted, "torn", "line 3 of torn.csv has no price"),
    ];
    for (reader, name, expected) in crashes {
        // In a task of its own, so that a panic escaping `sync_to_async` is seen, not fatal.
        match tokio::spawn(sync_to_async(move || reader.read(name))).await {
            Ok(Err(BridgeError::Panicked(message))) => assert!(
                message.contains(expected),
                "the panic came back as a value, but its message is {message:?}: it should be \
                 the panic's own text, containing {expected:?}. The payload of \
                 `JoinError::into_panic()` is a `String` or a `&str`: downcast to both."
            ),
            Ok(other) => panic!(
                "the legacy reader panicked, so sync_to_async should give \
                 Err(BridgeError::Panicked(..)), got {other:?}"
            ),
            Err(_) => panic!(
                "sync_to_async panicked when the sync code did: the panic crossed into async \
                 code instead of coming back as a value.\nAwaiting spawn_blocking's JoinHandle \
                 gives Err(JoinError) when the closure panicked; do not unwrap it: check \
                 `join_error.is_panic()` and return Err(BridgeError::Panicked(message))."
            ),
        }
    }
}
// ANCHOR_END: panic_as_value

#[tokio::test(flavor = "current_thread")]
async fn sync_to_async_keeps_the_async_thread_free() {
    let slow = || {
        std::thread::sleep(SHARE_LATENCY);
        Ok::<_, String>("done")
    };
    let (answer, pulse) = blocking::watch(sync_to_async(slow)).await;
    pulse.assert_not_blocked_because(
        "sync_to_async(slow)",
        "The sync closure ran on the async thread. Run it with `tokio::task::spawn_blocking` \
         and await the JoinHandle.",
    );
    assert!(answer == Ok("done"), "got {answer:?}");
}

// --- GET /invoices/{name} ---

#[tokio::test]
async fn an_invoice_is_answered_as_json() {
    let dir = InvoiceDir::new();
    let res = client(&dir, Duration::ZERO).get("/invoices/march").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("invoice", res);
}

#[tokio::test(flavor = "current_thread")]
async fn a_slow_share_does_not_block_the_runtime() {
    let dir = InvoiceDir::new();
    let client = client(&dir, SHARE_LATENCY);
    let (res, pulse) = blocking::watch(client.get("/invoices/march").into_future()).await;
    res.assert_status(StatusCode::OK);
    pulse.assert_not_blocked_because(
        "GET /invoices/march",
        "The handler called the legacy reader on the async thread. Call it through your \
         `sync_to_async`.",
    );
}

#[tokio::test]
async fn errors_of_the_legacy_reader_are_json_errors() {
    let dir = InvoiceDir::new();
    let client = client(&dir, Duration::ZERO);

    let missing = client.get("/invoices/may").await;
    assert_error(&missing, StatusCode::NOT_FOUND, "not_found");

    let malformed = client.get("/invoices/april").await;
    assert_error(
        &malformed,
        StatusCode::UNPROCESSABLE_ENTITY,
        "malformed_invoice",
    );
    assert_response_snapshot!("malformed", malformed);
}

// ANCHOR: keeps_serving
#[tokio::test]
async fn a_crash_in_the_legacy_reader_is_a_500_and_the_server_keeps_serving() {
    silence_panics_containing(PLANTED);
    let dir = InvoiceDir::new();
    let server = TestServer::start(app(InvoiceReader::new(dir.path(), Duration::ZERO))).await;
    let http = testkit::serving::http_client();

    let torn = match http.get(server.url("/invoices/torn")).send().await {
        Ok(res) => res,
        Err(error) => panic!(
            "GET /invoices/torn got no answer at all ({error}).\nThe legacy reader panics on \
             this file, and the panic unwound through your handler: the connection closed \
             without a response. Call the reader through `sync_to_async`, which hands the \
             panic back as Err(BridgeError::Panicked(..)), and answer it with a JSON 500."
        ),
    };
    let status = torn.status();
    let body = torn.text().await.unwrap_or_default();
    assert!(
        status == StatusCode::INTERNAL_SERVER_ERROR && body.contains("\"internal\""),
        "GET /invoices/torn (the legacy reader panics on it) should answer a JSON 500 \
         {{\"error\": \"internal\", ...}}, got {status}: {body}"
    );

    let next = http.get(server.url("/invoices/march")).send().await;
    assert!(
        next.as_ref()
            .is_ok_and(|res| res.status() == StatusCode::OK),
        "after the legacy reader's crash, GET /invoices/march should still answer 200, got \
         {next:?}"
    );
}
// ANCHOR_END: keeps_serving
