//! `BlockingPrices`: an async client called from sync code, and `GET /export`, where a sync
//! legacy export calls it from inside a web app.
//!
//! These tests run on a multi-threaded runtime: `Handle::block_on` from another thread needs a
//! runtime whose workers keep driving the network while that thread waits (on a
//! current-thread runtime only the thread inside `Runtime::block_on` does).

use std::any::Any;
use std::future::IntoFuture;

use async_to_sync::{BlockingPrices, Price, PriceClient, PriceSource, app};
use testkit::blocking::{panic_message, silence_panics_containing};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A price service on loopback that knows two symbols; any other is a 404.
async fn price_service() -> MockServer {
    let server = MockServer::start().await;
    for (symbol, cents) in [("ACME", 12_345), ("INIT", 4_200)] {
        Mock::given(method("GET"))
            .and(path(format!("/prices/{symbol}")))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"symbol": symbol, "cents": cents})),
            )
            .mount(&server)
            .await;
    }
    server
}

/// Says what a panic of sync-calls-async code means, in the course's terms.
fn explain_panic(payload: &(dyn Any + Send)) -> String {
    let message = panic_message(payload);
    let advice = if message.contains("Cannot start a runtime from within a runtime") {
        "`block_on` ran on a thread that is already driving async tasks. Sync code that calls \
         `block_on` must run where blocking is allowed: in `tokio::task::spawn_blocking` or on \
         a thread of its own, never straight from an async handler."
    } else if message.contains("no reactor running") || message.contains("Tokio 1.x runtime") {
        "Async code ran on a thread that has no Tokio runtime to drive it. Take \
         `Handle::current()` once, in `BlockingPrices::new` (which runs inside the runtime), \
         keep it, and call `self.runtime.block_on(...)` in `price`."
    } else {
        "Read the panic's message above: it is the sync code's own."
    };
    format!("panicked: \"{message}\".\n{advice}")
}

// ANCHOR: sync_thread
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_thread_gets_a_price_through_the_async_client() {
    // This test explains that panic itself, quoting it; its raw print would only come first.
    silence_panics_containing("no reactor running");
    let server = price_service().await;
    // Built here, inside the runtime, then moved to a thread that knows nothing of Tokio.
    let prices = BlockingPrices::new(PriceClient::new(server.uri()));
    let worker = std::thread::spawn(move || prices.price("ACME"));

    // Joining a thread blocks, so it is done on the blocking pool, not here.
    let joined = tokio::task::spawn_blocking(move || worker.join())
        .await
        .expect("joining the worker thread");
    let price = match joined {
        Ok(price) => price,
        Err(panic) => panic!(
            "A plain (sync) thread called `prices.price(\"ACME\")` and {}",
            explain_panic(&*panic)
        ),
    };
    let expected = Price {
        symbol: "ACME".to_owned(),
        cents: 12_345,
    };
    assert!(
        matches!(&price, Ok(p) if *p == expected),
        "a sync thread asking for ACME should get {expected:?}, got {price:?}"
    );
}
// ANCHOR_END: sync_thread

/// Sends `GET uri` in a task of its own, so that a panic in the handler is explained.
async fn get(client: &TestClient, uri: &str) -> TestResponse {
    let request = client.get(uri);
    match tokio::spawn(request.into_future()).await {
        Ok(res) => res,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => panic!("GET {uri}: the handler {}", explain_panic(&*panic)),
            Err(error) => panic!("GET {uri} was cancelled: {error}"),
        },
    }
}

// ANCHOR: export
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_runs_the_sync_job_and_answers_csv() {
    let server = price_service().await;
    let client = TestClient::new(app(BlockingPrices::new(PriceClient::new(server.uri()))));

    let res = get(&client, "/export?symbols=ACME,INIT").await;

    res.assert_status(StatusCode::OK);
    assert_response_snapshot!("export", res);
}
// ANCHOR_END: export

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_symbol_is_a_502_from_upstream() {
    let server = price_service().await;
    let client = TestClient::new(app(BlockingPrices::new(PriceClient::new(server.uri()))));

    let res = get(&client, "/export?symbols=ACME,NOPE").await;

    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    assert_response_snapshot!("unknown_symbol", res);
}
