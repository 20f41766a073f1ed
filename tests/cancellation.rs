//! `GET /dashboard` under a deadline: when the deadline wins or the client hangs up, the
//! upstream calls in flight are dropped, not left running for nobody.

use std::time::Duration;

use cancellation::{AppState, Config, app};
use testkit::probe::PATIENCE;
use testkit::upstream::{FakeUpstream, LoopbackUpstream, Reply, Service, wait_until};
use testkit::{InFlight, StatusCode, TestClient, TestServer, assert_response_snapshot};

/// The dashboard's deadline in the deadline test.
const DEADLINE: Duration = Duration::from_millis(200);
/// How long the slow fakes hold each request before answering it.
/// Shorter than the testkit's `PATIENCE`, so that calls left running are seen finishing.
const HOLD: Duration = Duration::from_secs(2);

fn state(news: String, weather: String, stocks: String, deadline: Duration) -> AppState {
    AppState::new(Config {
        news_url: news,
        weather_url: weather,
        stocks_url: stocks,
        timeout: Duration::from_secs(30),
        deadline,
    })
    .expect("AppState::new builds the client")
}

/// Three fakes that take `HOLD` to answer, sharing one in-flight probe.
struct SlowUpstreams {
    probe: InFlight,
    fakes: [LoopbackUpstream; 3],
}

impl SlowUpstreams {
    async fn start() -> Self {
        let probe = InFlight::new();
        let fake = |service| {
            LoopbackUpstream::builder(service)
                .probe(&probe)
                .hold(HOLD)
                .start()
        };
        let fakes = [
            fake(Service::News).await,
            fake(Service::Weather).await,
            fake(Service::Stocks).await,
        ];
        Self { probe, fakes }
    }

    fn state(&self, deadline: Duration) -> AppState {
        let [news, weather, stocks] = &self.fakes;
        state(news.url(), weather.url(), stocks.url(), deadline)
    }

    fn finished(&self) -> usize {
        self.fakes.iter().map(LoopbackUpstream::finished).sum()
    }

    fn abandoned(&self) -> usize {
        self.fakes.iter().map(LoopbackUpstream::abandoned).sum()
    }

    /// Waits until each of the three requests was either answered or abandoned. Code that
    /// cancels gets there in milliseconds; code that lets the calls run, after `HOLD`.
    async fn settle(&self) {
        wait_until(PATIENCE, || self.finished() + self.abandoned() == 3).await;
    }
}

#[tokio::test]
async fn a_quick_dashboard_answers_in_full() {
    let news = FakeUpstream::answering_once(Service::News).await;
    let weather = FakeUpstream::answering_once(Service::Weather).await;
    let stocks = FakeUpstream::answering_once(Service::Stocks).await;
    let state = state(
        news.url(),
        weather.url(),
        stocks.url(),
        Duration::from_secs(5),
    );
    let res = TestClient::new(app(state)).get("/dashboard").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("dashboard", res);
}

#[tokio::test]
async fn a_failing_upstream_is_still_a_502() {
    let news = FakeUpstream::start(Service::News).await;
    news.replies(Reply::ok()).expect(0..=1).mount().await;
    let weather = FakeUpstream::start(Service::Weather).await;
    weather.replies(Reply::status(500)).mount().await;
    let stocks = FakeUpstream::start(Service::Stocks).await;
    stocks.replies(Reply::ok()).expect(0..=1).mount().await;
    let state = state(
        news.url(),
        weather.url(),
        stocks.url(),
        Duration::from_secs(5),
    );
    let res = TestClient::new(app(state)).get("/dashboard").await;
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    assert_response_snapshot!("weather_500", res);
}

// ANCHOR: deadline
#[tokio::test]
async fn when_the_deadline_wins_the_upstream_calls_are_dropped() {
    let upstreams = SlowUpstreams::start().await;
    let client = TestClient::new(app(upstreams.state(DEADLINE)));

    // Past the deadline, short of `HOLD`: only a dashboard that waited for the upstreams is late.
    let bound = Duration::from_millis(1500);
    let Ok(res) = tokio::time::timeout(bound, client.get("/dashboard")).await else {
        panic!(
            "GET /dashboard had not answered after {bound:?}, with a deadline of {DEADLINE:?} \
             and upstreams that take {HOLD:?}. Race the gathering against the deadline: \
             `tokio::select! {{ gathered = upstream::gather(&state) => ..., () = \
             tokio::time::sleep(deadline) => ... }}`."
        );
    };
    res.assert_status(StatusCode::GATEWAY_TIMEOUT).assert_json();
    assert_response_snapshot!("deadline_exceeded", res);

    upstreams.settle().await;
    assert!(
        upstreams.finished() == 0,
        "The deadline answered 504, yet the upstreams then answered {} request(s) in full: \
         the calls kept running after the dashboard gave up on them. A future that loses a \
         `select!` is dropped, and everything it awaited with it, unless it was handed to \
         `tokio::spawn`: a spawned task runs on until it ends. Await the calls in the \
         handler (`try_join!`), or keep spawned tasks in a `JoinSet`, which aborts them when \
         dropped.",
        upstreams.finished()
    );
}
// ANCHOR_END: deadline

// ANCHOR: disconnect
#[tokio::test]
async fn when_the_client_goes_away_the_upstream_calls_are_dropped() {
    let upstreams = SlowUpstreams::start().await;
    // A real server this time: only a real connection can be closed by its client.
    let server = TestServer::start(app(upstreams.state(Duration::from_secs(30)))).await;
    let url = server.url("/dashboard");
    let browser = tokio::spawn(async move { reqwest::get(url).await });

    let all_in_flight = wait_until(PATIENCE, || upstreams.probe.current() == 3).await;
    assert!(
        all_in_flight,
        "GET /dashboard never had its 3 upstream calls in flight at once (at most {}): \
         gather them together with `upstream::gather(&state)`.",
        upstreams.probe.peak()
    );
    // The user closes the tab: the request is dropped and its connection closed.
    browser.abort();
    let _ = browser.await;

    upstreams.settle().await;
    assert!(
        upstreams.finished() == 0,
        "The client went away while the dashboard waited for its upstreams, yet the \
         upstreams then answered {} request(s) in full, for nobody. hyper drops a handler's \
         future when its client disconnects, and the calls it awaits go with it, unless \
         they were handed to `tokio::spawn`. Await them in the handler, or keep spawned \
         tasks in a `JoinSet`, which aborts them when dropped.",
        upstreams.finished()
    );
    assert!(
        upstreams.abandoned() == 3,
        "all 3 upstream calls should have been abandoned, {} were",
        upstreams.abandoned()
    );
}
// ANCHOR_END: disconnect
