//! `GET /dashboard`, measured with the course's load tool before and after the change: the
//! tests load before.rs and the learner's app the same way and compare the numbers.
//!
//! The upstreams take a fixed latency, so what the change does is a ratio of latencies
//! (three calls in turn or at once, eight dashboards in turn or at once), not a time: the
//! checks ask for a part of that ratio and hold on a loaded machine.

use std::time::Duration;

use measure_before_after::{AppState, Config, app, before};
use testkit::load::{self, Load, Measurement};
use testkit::upstream::{LoopbackUpstream, Service};
use testkit::{InFlight, StatusCode, TestClient, assert_response_snapshot, json};

/// Each fake upstream's latency.
const LATENCY: Duration = Duration::from_millis(40);
/// Clients at once in the test under load.
const CLIENTS: usize = 8;

struct Upstreams {
    news: LoopbackUpstream,
    weather: LoopbackUpstream,
    stocks: LoopbackUpstream,
}

impl Upstreams {
    async fn start(latency: Duration) -> Self {
        Self::counted(latency, &InFlight::new()).await
    }

    /// Fakes that count their requests in flight in `probe`, all three together.
    async fn counted(latency: Duration, probe: &InFlight) -> Self {
        let fake = |service| {
            LoopbackUpstream::builder(service)
                .hold(latency)
                .probe(probe)
                .start()
        };
        Self {
            news: fake(Service::News).await,
            weather: fake(Service::Weather).await,
            stocks: fake(Service::Stocks).await,
        }
    }

    /// A fresh state (its own stats) pointed at these fakes.
    fn state(&self) -> AppState {
        AppState::new(Config {
            news_url: self.news.url(),
            weather_url: self.weather.url(),
            stocks_url: self.stocks.url(),
            timeout: Duration::from_secs(10),
        })
        .expect("AppState::new builds the client")
    }
}

/// `GET /stats` on the app that shares `state`'s counter.
async fn dashboards_counted(state: &AppState) -> u64 {
    let res = TestClient::new(app(state.clone())).get("/stats").await;
    res.assert_status(StatusCode::OK);
    res.json()["dashboards"].as_u64().unwrap_or_else(|| {
        panic!(
            "GET /stats should answer {{\"dashboards\": <count>}}, it answered {}",
            res.text()
        )
    })
}

/// Every request of a run was answered: a measurement with failures compares nothing.
fn all_answered(what: &str, measured: &Measurement, load: Load) {
    assert!(
        measured.ok == load.requests,
        "Measuring {what} with {} client(s): only {} of {} dashboards were answered with \
         200 OK ({measured}). Look at the first test's message: the dashboard must answer \
         before it can be measured.",
        load.clients,
        measured.ok,
        load.requests,
    );
}

#[tokio::test]
async fn the_answer_is_the_same_as_before() {
    let fakes = Upstreams::start(Duration::ZERO).await;
    let (was, now) = (fakes.state(), fakes.state());
    let before_res = TestClient::new(before::app(was.clone()))
        .get("/dashboard")
        .await;
    let res = TestClient::new(app(now.clone())).get("/dashboard").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("dashboard", res);
    assert!(
        res.json() == before_res.json(),
        "Your /dashboard answers differently from before.rs's: a faster dashboard must still \
         be the same dashboard.\n before: {}\n yours:  {}",
        before_res.text(),
        res.text(),
    );

    let client = TestClient::new(app(now.clone()));
    client.get("/dashboard").await.assert_status(StatusCode::OK);
    client.get("/dashboard").await.assert_status(StatusCode::OK);
    let counted = dashboards_counted(&now).await;
    assert!(
        counted == 3,
        "After 3 dashboards, GET /stats answered {} where before.rs answers {}: every \
         dashboard built is counted once in `stats`. Keep the `stats.dashboards += 1`; only \
         when the lock is taken should change.",
        json!({ "dashboards": counted }),
        json!({ "dashboards": 3 }),
    );
}

// ANCHOR: one_client
#[tokio::test]
async fn with_one_client_p50_drops_to_about_the_slowest_upstream() {
    let load = Load::new(1, 6);
    let was = load::measure_app(
        before::app(Upstreams::start(LATENCY).await.state()),
        "/dashboard",
        load,
    )
    .await;
    let probe = InFlight::new();
    let fakes = Upstreams::counted(LATENCY, &probe).await;
    let now = load::measure_app(app(fakes.state()), "/dashboard", load).await;
    all_answered("before.rs", &was, load);
    all_answered("your app", &now, load);

    // Counted, not timed: with one client, calls in flight together are one dashboard's
    // calls overlapping. Awaited in turn, there is never more than one.
    let peak = probe.peak();
    assert!(
        peak >= 2,
        "With one client, your dashboard's p50 is {}, before.rs's {}: it should be about a \
         third (each upstream takes {}, and three at once take one of them). The fakes never \
         saw two of its calls in flight at once.\n before: {was}\n yours:  {now}\nThe three \
         upstream calls still take turns: each `.await` on `upstream::news(&state)`, \
         `weather` or `stocks` waits for its answer before the next call starts. Start them \
         together with one `tokio::try_join!`.",
        load::millis(now.p50),
        load::millis(was.p50),
        load::millis(LATENCY),
    );
    // Before: three latencies in turn. After: the slowest of three at once, a third. Ask
    // for less than that: a busy machine adds the same work to both.
    assert!(
        now.p50 * 3 <= was.p50 * 2,
        "With one client, your dashboard's p50 is {}, before.rs's {}: expected at most two \
         thirds of it (about a third on a quiet machine).\n before: {was}\n yours:  {now}\n\
         Its calls overlap, yet the dashboard is not faster: look for other work done in \
         turn, or a wait, between or after the calls.",
        load::millis(now.p50),
        load::millis(was.p50),
    );
}
// ANCHOR_END: one_client

// ANCHOR: under_load
#[tokio::test]
async fn with_eight_clients_dashboards_do_not_wait_for_each_other() {
    let crowd = Load::new(CLIENTS, CLIENTS);
    let was = load::measure_app(
        before::app(Upstreams::start(LATENCY).await.state()),
        "/dashboard",
        crowd,
    )
    .await;
    let probe = InFlight::new();
    let fakes = Upstreams::counted(LATENCY, &probe).await;
    let state = fakes.state();
    let now = load::measure_app(app(state.clone()), "/dashboard", crowd).await;
    all_answered("before.rs", &was, crowd);
    all_answered("your app", &now, crowd);

    // One dashboard has three calls: more than three in flight at once means two dashboards
    // were being built at the same time. A count, not a time, so it holds on any machine.
    let peak = probe.peak();
    assert!(
        peak > 3,
        "With {CLIENTS} clients at once, at most {peak} upstream call{} in flight at the \
         same time: one dashboard at a time got through, and the others waited their turn.\n \
         before: {was}\n yours:  {now}\nSomething lets one dashboard at a time through its \
         upstream calls. Usually it is the stats lock: `state.stats.lock().await` taken at the \
         top, its guard alive across every `.await` until the end (a Semaphore of one, or a \
         lock around the client, does the same). Take the lock after the calls, for the \
         `+= 1` only.",
        if peak == 1 { " was" } else { "s were" },
    );
    // Before: one dashboard at a time, three latencies each. After: eight at a time, one
    // latency each, many times the rate on a quiet machine. Ask for much less: a busy
    // machine adds the same work to both, and with eight clients p50 is mostly that work.
    assert!(
        now.requests_per_second >= was.requests_per_second * 1.5,
        "With {CLIENTS} clients, your app answers {:.1} dashboards per second and before.rs \
         {:.1}: expected at least 1.5 times the rate (far more on a quiet machine).\n before: \
         {was}\n yours:  {now}\nBoth changes are needed: the three calls at once (one \
         `tokio::try_join!`), and the stats lock taken only for the `+= 1`, after the calls.",
        now.requests_per_second,
        was.requests_per_second,
    );
    let counted = dashboards_counted(&state).await;
    let served = now.ok as u64;
    assert!(
        counted == served,
        "Your app served {served} dashboards and GET /stats counts {counted}: under load, \
         every dashboard is still counted once. Keep `stats.dashboards += 1` under the lock.",
    );
}
// ANCHOR_END: under_load
