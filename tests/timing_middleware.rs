//! A timing middleware written with `from_fn`: every response, errors and 404s included,
//! carries `X-Request-Duration: 0.123s`, and the value covers the handler's own time.

use std::time::Duration;

use testkit::middleware::request_duration;
use testkit::{StatusCode, TestClient, assert_response_snapshot};
use timing_middleware::{app, format_duration};

fn client() -> TestClient {
    TestClient::new(app())
}

#[test]
fn durations_are_seconds_with_three_decimals() {
    for (elapsed, expected) in [
        (Duration::from_millis(123), "0.123s"),
        (Duration::ZERO, "0.000s"),
        (Duration::from_millis(2_005), "2.005s"),
        (Duration::from_micros(1_234_400), "1.234s"),
    ] {
        let formatted = format_duration(elapsed);
        assert!(
            formatted == expected,
            "format_duration({elapsed:?}) gave {formatted:?}, expected {expected:?}: whole \
             seconds, a dot, exactly three decimals, then `s`."
        );
    }
}

#[tokio::test]
async fn a_successful_response_carries_the_duration() {
    let res = client().get("/articles/async-middleware").await;
    res.assert_status(StatusCode::OK).assert_json();
    request_duration(&res);
    assert_response_snapshot!("article", res, headers = ["x-request-duration"], {
        ".headers[\"x-request-duration\"]" => "[duration]",
    });
}

// ANCHOR: covers_the_handler
#[tokio::test]
async fn the_duration_covers_the_handler() {
    let slept = Duration::from_millis(60);
    let res = client().get(&format!("/sleep/{}", slept.as_millis())).await;
    res.assert_status(StatusCode::OK);
    let measured = request_duration(&res);
    // Only the guaranteed side: the request cannot take less than the handler slept. How much
    // longer it took depends on the machine, so there is no upper bound.
    assert!(
        measured >= slept,
        "the handler slept {} but `X-Request-Duration` says {}.\nThe clock must run around \
         the whole request: take `Instant::now()` before `next.run(request).await` and read \
         `elapsed()` after it.\n{res:?}",
        format_duration(slept),
        format_duration(measured),
    );
}
// ANCHOR_END: covers_the_handler

#[tokio::test]
async fn error_responses_carry_the_duration_too() {
    let client = client();
    let res = client.get("/articles/no-such-article").await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
    request_duration(&res);

    let res = client.get("/sleep/99999999").await;
    res.assert_status(StatusCode::BAD_REQUEST).assert_json();
    request_duration(&res);
    assert_response_snapshot!("too_long_a_sleep", res, headers = ["x-request-duration"], {
        ".headers[\"x-request-duration\"]" => "[duration]",
    });
}

#[tokio::test]
async fn the_router_fallback_carries_the_duration_too() {
    let res = client().get("/no/such/page").await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
    request_duration(&res);
    assert_response_snapshot!("no_route", res, headers = ["x-request-duration"], {
        ".headers[\"x-request-duration\"]" => "[duration]",
    });
}

#[tokio::test]
async fn every_response_has_exactly_one_duration() {
    let res = client().get("/sleep/1").await;
    let values = res.headers.get_all("x-request-duration").iter().count();
    assert!(
        values == 1,
        "{} answered with {values} `X-Request-Duration` headers, expected exactly one. \
         `headers_mut().append(..)` adds another value each time; `insert(..)` replaces.\n{res:?}",
        res.request
    );
}
