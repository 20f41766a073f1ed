//! `GET /dashboard` with partial results: a failed or slow service costs only its section.

use std::time::{Duration, Instant};

use partial_results::{AppState, Config, app};
use testkit::upstream::{FakeUpstream, Reply, Service};
use testkit::{StatusCode, TestClient, TestResponse, Value, assert_response_snapshot};

/// Each section's time budget in these tests: a fake that answers at once never uses it up,
/// however loaded the machine.
const BUDGET: Duration = Duration::from_secs(1);
/// A slow fake takes this long: far beyond the budget and the test's patience.
const SLOW: Duration = Duration::from_secs(60);
/// How long a test waits for the dashboard before declaring it unbounded.
const TEST_PATIENCE: Duration = testkit::probe::PATIENCE;

struct Fakes {
    news: FakeUpstream,
    weather: FakeUpstream,
    stocks: FakeUpstream,
}

impl Fakes {
    /// Three fakes; `reply` decides what each one answers.
    async fn start(reply: impl Fn(Service) -> Reply) -> Self {
        let fake = |service| {
            let reply = reply(service);
            async move {
                let fake = FakeUpstream::start(service).await;
                // A slow service is called once; only a machine too loaded to send the
                // request within the budget would not call it at all.
                let calls = if reply.delay().is_some() {
                    0..=1
                } else {
                    1..=1
                };
                fake.replies(reply).expect(calls).mount().await;
                fake
            }
        };
        Self {
            news: fake(Service::News).await,
            weather: fake(Service::Weather).await,
            stocks: fake(Service::Stocks).await,
        }
    }

    fn client(&self) -> TestClient {
        let state = AppState::new(Config {
            news_url: self.news.url(),
            weather_url: self.weather.url(),
            stocks_url: self.stocks.url(),
            section_timeout: BUDGET,
        })
        .expect("AppState::new builds the client");
        TestClient::new(app(state))
    }
}

/// `GET /dashboard`, failing the test if it does not answer within `TEST_PATIENCE`.
async fn dashboard(client: &TestClient) -> TestResponse {
    match tokio::time::timeout(TEST_PATIENCE, client.get("/dashboard")).await {
        Ok(res) => res,
        Err(_) => panic!(
            "GET /dashboard had not answered after {TEST_PATIENCE:?}, although each section \
             has a budget of {BUDGET:?} and a slow service takes {SLOW:?}. A call without a \
             timeout waits as long as its slowest upstream: wrap each one in \
             `tokio::time::timeout(budget, call)`."
        ),
    }
}

/// The names of the sections that are present (not `null`), and the `errors` entries.
fn sections(res: &TestResponse) -> (Vec<&'static str>, Vec<Value>) {
    res.assert_status(StatusCode::OK).assert_json();
    let body = res.json();
    let present = ["headlines", "weather", "stocks"]
        .into_iter()
        .filter(|section| !body[section].is_null())
        .collect();
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    (present, errors)
}

#[tokio::test]
async fn with_every_service_up_the_dashboard_is_complete() {
    let fakes = Fakes::start(|_| Reply::ok()).await;
    let res = dashboard(&fakes.client()).await;
    let (present, errors) = sections(&res);
    assert!(
        present == ["headlines", "weather", "stocks"] && errors.is_empty(),
        "every service answered, so every section should be there and `errors` empty\n{res:?}"
    );
    assert_response_snapshot!("complete", res);
}

#[tokio::test]
async fn a_failing_service_leaves_its_section_null_and_says_why() {
    let fakes = Fakes::start(|service| match service {
        Service::Weather => Reply::status(500),
        _ => Reply::ok(),
    })
    .await;
    let res = dashboard(&fakes.client()).await;
    let (present, errors) = sections(&res);
    assert!(
        present == ["headlines", "stocks"],
        "the weather service answered 500: `weather` should be null and the other sections \
         present. A failed section is a value (`join!`), not a reason to drop the others \
         (`try_join!` or `?`).\n{res:?}"
    );
    assert!(
        errors.len() == 1 && errors[0]["upstream"] == "weather",
        "`errors` should have one entry, for `weather`\n{res:?}"
    );
    assert_response_snapshot!("weather_500", res);
}

#[tokio::test]
async fn malformed_json_is_a_failed_section_too() {
    let fakes = Fakes::start(|service| match service {
        Service::Stocks => Reply::malformed_json(),
        _ => Reply::ok(),
    })
    .await;
    let res = dashboard(&fakes.client()).await;
    let (present, errors) = sections(&res);
    assert!(
        present == ["headlines", "weather"] && errors.len() == 1,
        "the stocks service answered broken JSON: only `stocks` should be null, with one \
         entry in `errors`\n{res:?}"
    );
    assert_response_snapshot!("stocks_malformed", res);
}

// ANCHOR: slow
#[tokio::test]
async fn a_slow_service_times_out_and_the_rest_still_arrive() {
    let fakes = Fakes::start(|service| match service {
        Service::News => Reply::ok().after(SLOW),
        _ => Reply::ok(),
    })
    .await;
    let res = dashboard(&fakes.client()).await;
    let (present, errors) = sections(&res);
    assert!(
        present == ["weather", "stocks"],
        "only the news service was slow, so only `headlines` should be null. If every \
         section is missing, the timeout wraps all three calls together; give each call its \
         own.\n{res:?}"
    );
    assert!(
        errors.len() == 1 && errors[0]["error"] == "timeout",
        "`errors` should have one entry for news, with `\"error\": \"timeout\"`: build it \
         with `UpstreamError::Timeout {{ upstream, after: budget }}`\n{res:?}"
    );
    assert_response_snapshot!("news_timed_out", res);
}
// ANCHOR_END: slow

#[tokio::test]
async fn slow_services_time_out_together_not_one_after_another() {
    let fakes = Fakes::start(|_| Reply::ok().after(SLOW)).await;
    let client = fakes.client();
    let started = Instant::now();
    let res = dashboard(&client).await;
    let elapsed = started.elapsed();
    let (present, errors) = sections(&res);
    assert!(
        present.is_empty() && errors.len() == 3,
        "all three services were too slow: every section should be null, with three \
         entries in `errors`\n{res:?}"
    );
    // Waited out one after another, three budgets take at least 3 × BUDGET, always.
    assert!(
        elapsed < 3 * BUDGET,
        "GET /dashboard took {} ms: the three budgets of {BUDGET:?} ran one after \
         another. Start the three timed calls together with `tokio::join!`, so the \
         dashboard waits at most one budget.",
        elapsed.as_millis()
    );
}
