//! `GET /weather` retries what may pass (503, timeouts) with a growing wait, up to a limit,
//! and never retries what will not (404, broken JSON).

use std::time::{Duration, Instant};

use retries_with_backoff::{AppState, Config, RetryPolicy, app};
use testkit::upstream::{FakeUpstream, Reply, Service};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};

/// Three attempts, with waits short enough to keep the tests fast. An attempt's timeout is
/// long enough that a fake answering at once never hits it on a loaded machine.
const POLICY: RetryPolicy = RetryPolicy {
    attempts: 3,
    first_backoff: Duration::from_millis(20),
    max_backoff: Duration::from_secs(1),
    attempt_timeout: Duration::from_secs(1),
};
/// How long a test waits for an answer before declaring the retries endless.
const TEST_PATIENCE: Duration = testkit::probe::PATIENCE;

async fn get_weather(weather: &FakeUpstream, policy: RetryPolicy) -> TestResponse {
    let state = AppState::new(Config {
        weather_url: weather.url(),
        retry: policy,
    })
    .expect("AppState::new builds the client");
    let request = TestClient::new(app(state)).get("/weather");
    match tokio::time::timeout(TEST_PATIENCE, request).await {
        Ok(res) => res,
        Err(_) => panic!(
            "GET /weather had not answered after {TEST_PATIENCE:?} (the weather service was \
             called {} times). With {} attempts of at most {:?} each and waits from {:?}, it \
             should have answered long before: stop after `policy.attempts` attempts.",
            weather.calls(),
            policy.attempts,
            policy.attempt_timeout,
            policy.first_backoff,
        ),
    }
}

fn message(res: &TestResponse) -> String {
    res.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

// ANCHOR: retried
#[tokio::test]
async fn a_503_is_retried_until_the_weather_comes() {
    let weather = FakeUpstream::start(Service::Weather).await;
    // wiremock answers the first two calls with 503, then falls through to the next reply.
    weather
        .replies(Reply::status(503))
        .up_to_n_times(2)
        .mount()
        .await;
    weather.replies(Reply::ok()).mount().await;

    let res = get_weather(&weather, POLICY).await;
    assert!(
        res.status == StatusCode::OK,
        "the weather service answered 503, 503, then 200, and 3 attempts are allowed, so \
         GET /weather should answer 200 after retrying. It answered {} after {} call(s).\n{res:?}",
        res.status,
        weather.calls()
    );
    res.assert_json();
    assert_response_snapshot!("weather", res);
}
// ANCHOR_END: retried

#[tokio::test]
async fn after_the_last_attempt_it_gives_up_with_a_clear_502() {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::status(503))
        .expect(3)
        .because("The policy allows 3 attempts in all: the first call and 2 retries.")
        .mount()
        .await;
    let res = get_weather(&weather, POLICY).await;
    weather.verify();
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    let message = message(&res);
    assert!(
        message.contains("3 attempts") && message.contains("503"),
        "the message should say how many attempts were made and how the last one failed \
         (`UpstreamError::GaveUp {{ attempts, last }}`), got {message:?}"
    );
    assert_response_snapshot!("gave_up", res);
}

// ANCHOR: not_retried
#[tokio::test]
async fn a_404_is_never_retried() {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::status(404))
        .expect(1)
        .because(
            "A 4xx says the request itself is wrong, so sending it again gets the same answer. \
             Retry only what may pass: 5xx, timeouts and failed connections.",
        )
        .mount()
        .await;
    let res = get_weather(&weather, POLICY).await;
    weather.verify();
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    assert_response_snapshot!("not_found", res);
}
// ANCHOR_END: not_retried

#[tokio::test]
async fn broken_json_is_never_retried() {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::malformed_json())
        .expect(1)
        .because(
            "The service answered 200 with a body that does not parse; the same request will \
             not parse better the second time.",
        )
        .mount()
        .await;
    let res = get_weather(&weather, POLICY).await;
    weather.verify();
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
}

/// When each attempt reached a weather service that answers 503 `failures` times and then
/// the weather; the request must end in a 200.
async fn arrivals_after_503s(failures: u64, policy: RetryPolicy) -> Vec<Instant> {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::status(503))
        .up_to_n_times(failures)
        .mount()
        .await;
    weather.replies(Reply::ok()).mount().await;
    get_weather(&weather, policy)
        .await
        .assert_status(StatusCode::OK);
    weather.arrivals()
}

// ANCHOR: backoff
#[tokio::test]
async fn the_wait_before_each_retry_doubles() {
    let policy = RetryPolicy {
        first_backoff: Duration::from_millis(50),
        ..POLICY
    };
    let arrivals = arrivals_after_503s(2, policy).await;
    // `sleep` never wakes early, so these gaps are at least the waits, however loaded the
    // machine is.
    let first_gap = arrivals[1] - arrivals[0];
    let second_gap = arrivals[2] - arrivals[1];
    assert!(
        first_gap >= policy.first_backoff,
        "the second attempt reached the weather service {} ms after the first, but the \
         policy waits {:?} before retrying. Retrying at once hammers a service that is \
         already struggling: `tokio::time::sleep(backoff).await` between attempts.",
        first_gap.as_millis(),
        policy.first_backoff
    );
    assert!(
        second_gap >= 2 * policy.first_backoff,
        "the third attempt came {} ms after the second; each wait should be twice the one \
         before ({:?} now). Double `backoff` after each wait (up to `max_backoff`).",
        second_gap.as_millis(),
        2 * policy.first_backoff
    );
}
// ANCHOR_END: backoff

/// The wait stops growing at `max_backoff`. Here the cap is the first wait itself, so every
/// wait is 10 ms; uncapped, the last three would be 160, 320 and 640 ms. `sleep` never wakes
/// early, so an uncapped wait is always seen; the capped ones leave over a second for a loaded
/// machine's delays before this test could mistake them for uncapped.
#[tokio::test]
async fn the_wait_stops_growing_at_max_backoff() {
    let policy = RetryPolicy {
        attempts: 8,
        first_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(10),
        ..POLICY
    };
    let arrivals = arrivals_after_503s(7, policy).await;
    let uncapped: Duration = (0..3).map(|n| policy.first_backoff * (16 << n)).sum();
    let last_three = arrivals[7] - arrivals[4];
    assert!(
        last_three < uncapped,
        "the last three waits took {} ms in all, with `max_backoff` at {:?}: uncapped, they \
         would be {} ms at least, so the wait kept doubling past its cap. Without a cap, the \
         tenth retry of a 20 ms backoff waits ten seconds while the user waits too: \
         `backoff = (backoff * 2).min(policy.max_backoff)`.",
        last_three.as_millis(),
        policy.max_backoff,
        uncapped.as_millis(),
    );
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::ok().after(Duration::from_secs(60)))
        .up_to_n_times(1)
        .mount()
        .await;
    weather.replies(Reply::ok()).mount().await;
    let res = get_weather(&weather, POLICY).await;
    assert!(
        res.status == StatusCode::OK,
        "the first attempt timed out after {:?} and a second one would have been answered at \
         once: a timeout may pass, so it is worth retrying. GET /weather answered {}.\n{res:?}",
        POLICY.attempt_timeout,
        res.status
    );
}

/// The wait between attempts is long here, longer than the blocked-runtime detector's
/// threshold: a wait that holds the thread shows up as a block, one that yields does not.
#[tokio::test]
async fn the_wait_between_attempts_lets_other_requests_run() {
    let policy = RetryPolicy {
        attempts: 2,
        first_backoff: 2 * testkit::blocking::BLOCKED_THRESHOLD,
        ..POLICY
    };
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::status(503))
        .up_to_n_times(1)
        .mount()
        .await;
    weather.replies(Reply::ok()).mount().await;
    let (res, pulse) = testkit::blocking::watch(get_weather(&weather, policy)).await;
    res.assert_status(StatusCode::OK);
    pulse.assert_not_blocked_because(
        "the wait before the retry",
        "`std::thread::sleep(backoff)` holds the runtime's thread for the whole wait: every \
         other request on it waits too, like `time.sleep` in an `async def` view. Wait with \
         `tokio::time::sleep(backoff).await`, which lets the thread run other tasks meanwhile.",
    );
}
