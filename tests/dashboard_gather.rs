//! `GET /dashboard`: news, weather and stocks fetched concurrently, not one after another.

use std::time::{Duration, Instant};

use dashboard_gather::{AppState, Config, app};
use testkit::upstream::{FakeUpstream, Gate, LoopbackUpstream, Reply, Service};
use testkit::{InFlight, StatusCode, TestClient, assert_response_snapshot};

/// Each fake's latency in the timing test. Three calls one after another take at least 3×.
const LATENCY: Duration = Duration::from_millis(500);
/// How long the first call waits at the gate for the other two before giving up on them.
/// Only code that does not send the three calls together ever waits this out.
const GATE_PATIENCE: Duration = testkit::probe::PATIENCE;

fn client(news: &str, weather: &str, stocks: &str) -> TestClient {
    let state = AppState::new(Config {
        news_url: news.to_owned(),
        weather_url: weather.to_owned(),
        stocks_url: stocks.to_owned(),
        timeout: Duration::from_secs(10),
    })
    .expect("AppState::new builds the client");
    TestClient::new(app(state))
}

#[tokio::test]
async fn the_dashboard_combines_news_weather_and_stocks() {
    let news = FakeUpstream::answering_once(Service::News).await;
    let weather = FakeUpstream::answering_once(Service::Weather).await;
    let stocks = FakeUpstream::answering_once(Service::Stocks).await;
    let res = client(&news.url(), &weather.url(), &stocks.url())
        .get("/dashboard")
        .await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("dashboard", res);
}

// ANCHOR: in_flight
#[tokio::test]
async fn the_three_calls_are_in_flight_at_the_same_time() {
    // The three fakes share one probe, and each holds its request at a gate that opens
    // only when all three requests are waiting there together.
    let probe = InFlight::new();
    let gate = Gate::new(3, GATE_PATIENCE);
    let fake = |service| {
        LoopbackUpstream::builder(service)
            .probe(&probe)
            .gate(&gate)
            .start()
    };
    let (news, weather, stocks) = (
        fake(Service::News).await,
        fake(Service::Weather).await,
        fake(Service::Stocks).await,
    );
    let res = client(&news.url(), &weather.url(), &stocks.url())
        .get("/dashboard")
        .await;
    res.assert_status(StatusCode::OK).assert_json();

    let peak = probe.peak();
    assert!(
        peak == 3,
        "The dashboard's 3 upstream calls were never in flight together: at most {peak} at a \
         time. {}",
        if peak <= 1 {
            "The handler awaits each call before starting the next, so their latencies add \
             up. Start all three together with `tokio::try_join!(a, b, c)`."
        } else {
            "Two ran together, but one started only after the others were done. Put all \
             three calls in a single `tokio::try_join!`."
        }
    );
}
// ANCHOR_END: in_flight

// ANCHOR: timing
#[tokio::test]
async fn with_each_upstream_taking_t_the_dashboard_takes_less_than_3t() {
    let slow = |service| async move {
        let fake = FakeUpstream::start(service).await;
        fake.replies(Reply::ok().after(LATENCY)).mount().await;
        fake
    };
    let news = slow(Service::News).await;
    let weather = slow(Service::Weather).await;
    let stocks = slow(Service::Stocks).await;
    let client = client(&news.url(), &weather.url(), &stocks.url());

    let started = Instant::now();
    let res = client.get("/dashboard").await;
    let elapsed = started.elapsed();
    res.assert_status(StatusCode::OK);
    // One after another takes at least 3 × LATENCY, always; together takes about LATENCY.
    assert!(
        elapsed < 3 * LATENCY,
        "GET /dashboard took {} ms with each upstream answering in {LATENCY:?}. Three \
         calls one after another always take at least {:?}: the handler awaits them in turn. \
         `tokio::try_join!` runs them at the same time, so the dashboard takes about as long \
         as the slowest one.",
        elapsed.as_millis(),
        3 * LATENCY
    );
}
// ANCHOR_END: timing

#[tokio::test]
async fn a_failing_upstream_fails_the_dashboard_with_a_502_that_names_it() {
    // `try_join!` stops at the first error and drops the other calls: whether they reached
    // their services before that is a matter of timing, so they may be called or not.
    let news = FakeUpstream::start(Service::News).await;
    news.replies(Reply::ok()).expect(0..=1).mount().await;
    let weather = FakeUpstream::start(Service::Weather).await;
    weather.replies(Reply::status(503)).mount().await;
    let stocks = FakeUpstream::start(Service::Stocks).await;
    stocks.replies(Reply::ok()).expect(0..=1).mount().await;

    let res = client(&news.url(), &weather.url(), &stocks.url())
        .get("/dashboard")
        .await;
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    let message = res.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("weather"),
        "the 502's message should name the upstream that failed (weather), got {message:?}"
    );
    assert_response_snapshot!("weather_503", res);
}
