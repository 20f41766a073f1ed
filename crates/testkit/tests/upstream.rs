//! The fake upstreams behave as the chapter 3 tests rely on: they answer, count, observe
//! concurrency and notice abandoned requests.

use std::time::Duration;

use testkit::InFlight;
use testkit::upstream::{
    FakeUpstream, Gate, LoopbackUpstream, Opened, Reply, Service, Unreachable, quote, wait_until,
};

async fn get(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(url).send().await.expect("the fake answers");
    let status = res.status().as_u16();
    (status, res.text().await.expect("the fake sends a body"))
}

#[tokio::test]
async fn a_fake_answers_its_sample_then_the_next_reply() {
    let weather = FakeUpstream::start(Service::Weather).await;
    weather
        .replies(Reply::status(503))
        .up_to_n_times(2)
        .mount()
        .await;
    weather.replies(Reply::ok()).mount().await;
    let http = testkit::serving::http_client();
    let url = format!("{}/v1/current", weather.url());
    assert_eq!(get(&http, url.clone()).await.0, 503);
    assert_eq!(get(&http, url.clone()).await.0, 503);
    let (status, body) = get(&http, url).await;
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).expect("the sample is JSON");
    assert_eq!(body, Service::Weather.sample());
    assert_eq!(weather.calls(), 3);
    assert_eq!(weather.arrivals().len(), 3);
}

#[tokio::test]
#[should_panic(
    expected = "The fake news service was called 2 times for the reply `404 Not Found`, \
                           expected exactly 1. Do not retry a 4xx."
)]
async fn a_fake_fails_the_test_when_a_reply_is_used_too_often() {
    let news = FakeUpstream::start(Service::News).await;
    news.replies(Reply::status(404))
        .because("Do not retry a 4xx.")
        .mount()
        .await;
    let http = testkit::serving::http_client();
    for _ in 0..2 {
        get(&http, format!("{}/v1/headlines", news.url())).await;
    }
}

#[tokio::test]
#[should_panic(expected = "The fake stocks service received `GET /quotes?symbols=ACME`")]
async fn a_fake_reports_a_request_it_has_no_reply_for() {
    let stocks = FakeUpstream::start(Service::Stocks).await;
    stocks.replies(Reply::ok()).expect(0..=1).mount().await;
    let http = testkit::serving::http_client();
    let (status, _) = get(&http, format!("{}/quotes?symbols=ACME", stocks.url())).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn malformed_json_does_not_parse_and_a_delay_delays() {
    let stocks = FakeUpstream::start(Service::Stocks).await;
    stocks
        .replies(Reply::malformed_json().after(Duration::from_millis(50)))
        .mount()
        .await;
    let http = testkit::serving::http_client();
    let started = std::time::Instant::now();
    let (status, body) = get(&http, format!("{}/v1/quotes", stocks.url())).await;
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn the_gate_opens_when_enough_requests_wait_together() {
    let gate = Gate::new(3, Duration::from_secs(5));
    let passes = (0..3).map(|_| {
        let gate = gate.clone();
        async move { gate.pass().await }
    });
    testkit::futures::future::join_all(passes).await;
    assert_eq!(gate.opened(), Opened::ByArrivals);
}

#[tokio::test]
async fn the_gate_opens_by_patience_for_one_request_and_stays_open() {
    let gate = Gate::new(3, Duration::from_millis(50));
    gate.pass().await;
    assert_eq!(gate.opened(), Opened::ByPatience);
    let started = std::time::Instant::now();
    gate.pass().await;
    assert!(started.elapsed() < Duration::from_millis(50));
}

#[tokio::test]
async fn a_loopback_fake_sees_concurrency_and_abandoned_requests() {
    let probe = InFlight::new();
    let news = LoopbackUpstream::builder(Service::News)
        .probe(&probe)
        .hold(Duration::from_secs(30))
        .start()
        .await;
    let http = testkit::serving::http_client();
    let url = format!("{}/v1/headlines", news.url());
    let calls = (0..2).map(|_| http.get(&url).send());
    let all = testkit::futures::future::join_all(calls);
    let both_in_flight = async {
        while probe.current() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::select! {
        _ = all => panic!("the fake holds its answers for 30 s"),
        () = both_in_flight => {}
    }
    // The calls were dropped with the `select!`: the fake sees both abandoned, none finished.
    assert!(news.settled(2, Duration::from_secs(10)).await);
    assert_eq!((news.abandoned(), news.finished()), (2, 0));
    assert_eq!(probe.peak(), 2);
}

#[tokio::test]
async fn a_loopback_fake_counts_connections() {
    let stocks = LoopbackUpstream::builder(Service::Stocks)
        .unknown_symbols(&["ZZZZ"])
        .start()
        .await;
    let shared = testkit::serving::http_client();
    for _ in 0..3 {
        let (status, body) = get(&shared, format!("{}/v1/quotes/ACME", stocks.url())).await;
        assert_eq!(status, 200);
        let body: serde_json::Value = serde_json::from_str(&body).expect("a quote is JSON");
        assert_eq!(body, quote("ACME"));
    }
    assert_eq!(stocks.connections(), 1, "one client reuses its connection");
    for _ in 0..3 {
        let (status, _) = get(
            &testkit::serving::http_client(),
            format!("{}/v1/quotes/ZZZZ", stocks.url()),
        )
        .await;
        assert_eq!(status, 404);
    }
    assert_eq!(stocks.connections(), 4, "each new client opens its own");
    assert!(wait_until(Duration::from_secs(1), || stocks.finished() == 6).await);
}

#[tokio::test]
async fn an_unreachable_upstream_refuses_connections() {
    let down = Unreachable::new();
    let error = reqwest::get(down.url())
        .await
        .expect_err("nothing listens there");
    assert!(error.is_connect(), "{error:?}");
}
