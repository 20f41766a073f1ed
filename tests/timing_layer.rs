//! The timing middleware as a hand-written tower `Layer` + `Service`: it times every response,
//! keeps tower's readiness contract, and stacks with other layers, axum's and tower's.

use std::future::IntoFuture;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::{Router, routing::get};
use testkit::middleware::{ReadinessProbe, request_duration, send};
use testkit::{InFlight, StatusCode, TestClient, assert_response_snapshot};
use timing_layer::{Timing, TimingLayer, app, format_duration};
use tower::{Layer, Service, ServiceBuilder, ServiceExt};

fn request(uri: &str) -> Request {
    Request::get(uri)
        .body(Body::empty())
        .expect("a GET with an empty body is a valid request")
}

/// Awaits `work` with a generous limit: a `poll_ready` that answers `Pending` without ever
/// waking the task would otherwise hang the test (and every request through the app).
async fn within_limit<T>(what: &str, work: impl IntoFuture<Output = T>) -> T {
    let patience = testkit::probe::PATIENCE;
    match tokio::time::timeout(patience, work).await {
        Ok(output) => output,
        Err(_) => panic!(
            "{what} got no answer within {patience:?}: `Timing::poll_ready` never said `Ready`. Return \
             `self.inner.poll_ready(cx)`: the inner service answers `Pending` only after \
             arranging to wake the task, and `Ready` when it can take the request."
        ),
    }
}

/// `timing.ready()`, within the limit.
async fn ready(timing: &mut Timing<ReadinessProbe>) -> &mut Timing<ReadinessProbe> {
    // `ServiceExt::<Request>` says which kind of request: a service may accept several.
    let ready = ServiceExt::<Request>::ready(timing);
    // The probe's error type is `Infallible`, so `Ok` is the only possible outcome.
    let Ok(ready) = within_limit("asking Timing whether it is ready", ready).await;
    ready
}

#[tokio::test]
async fn the_app_times_every_response() {
    let client = TestClient::new(app());
    let slept = Duration::from_millis(40);
    let uri = format!("/sleep/{}", slept.as_millis());
    let res = within_limit("GET /sleep/40", client.get(&uri)).await;
    res.assert_status(StatusCode::OK).assert_json();
    let measured = request_duration(&res);
    assert!(
        measured >= slept,
        "the handler slept {} but `X-Request-Duration` says {}: start the clock before \
         calling the inner service and read it when its response is ready.\n{res:?}",
        format_duration(slept),
        format_duration(measured),
    );

    let res = within_limit("GET /no/such/page", client.get("/no/such/page")).await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
    request_duration(&res);
    assert_response_snapshot!("no_route", res, headers = ["x-request-duration"], {
        ".headers[\"x-request-duration\"]" => "[duration]",
    });
}

// ANCHOR: readiness
#[tokio::test]
async fn poll_ready_passes_the_question_to_the_inner_service() {
    // The probe only answers a call that follows its own `Ready` (see testkit::middleware).
    let probe = ReadinessProbe::new();
    let mut timing = TimingLayer.layer(probe.clone());

    let Ok(res) = ready(&mut timing).await.call(request("/")).await;
    assert!(
        probe.polls() >= 1 && probe.calls() == 1,
        "the inner service was asked `poll_ready` {} time(s) and called {} time(s), expected \
         at least once and exactly once",
        probe.polls(),
        probe.calls()
    );
    assert!(
        res.headers().contains_key("x-request-duration"),
        "the inner service answered, but the response has no `X-Request-Duration`: add it to \
         the response the inner service's future gives back"
    );
}
// ANCHOR_END: readiness

#[tokio::test]
async fn each_call_uses_the_service_that_was_made_ready() {
    let probe = ReadinessProbe::new();
    let mut timing = TimingLayer.layer(probe.clone());
    // A server keeps one service and asks it ready, then calls it, for each request in turn.
    for _ in 1..=3 {
        let Ok(_) = ready(&mut timing).await.call(request("/")).await;
    }
    assert!(
        probe.calls() == 3,
        "3 requests were sent through one Timing service, but the inner service answered {}",
        probe.calls()
    );
}

/// An outer axum middleware that reports what it saw coming back from the inner layers.
async fn outer(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let saw = if response.headers().contains_key("x-request-duration") {
        "yes"
    } else {
        "no"
    };
    response
        .headers_mut()
        .insert("x-outer-saw-duration", HeaderValue::from_static(saw));
    response
}

#[tokio::test]
async fn it_stacks_with_axum_layers() {
    let router = Router::new()
        .route("/", get(|| async { "hello" }))
        .layer(TimingLayer)
        .layer(middleware::from_fn(outer));
    let res = within_limit("GET /", TestClient::new(router).get("/")).await;
    res.assert_status(StatusCode::OK);
    request_duration(&res);
    assert!(
        res.header("x-outer-saw-duration") == Some("yes"),
        "the outer middleware should see the duration already added by the inner \
         TimingLayer\n{res:?}"
    );
}

// ANCHOR: concurrency_limit
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_stacks_above_a_concurrency_limit() {
    let in_handler = InFlight::new();
    let probe = in_handler.clone();
    let router = Router::new().route(
        "/",
        get(move || async move {
            let _inside = probe.enter();
            tokio::time::sleep(Duration::from_millis(20)).await;
            "done"
        }),
    );
    // ServiceBuilder reads top-down, outermost first: Timing wraps the limit, which wraps the
    // router. The limit hands out its one permit in `poll_ready`, so Timing must ask it.
    let service = ServiceBuilder::new()
        .layer(TimingLayer)
        .concurrency_limit(1)
        .service(router);

    let requests = (0..4).map(|_| {
        let service = service.clone();
        tokio::spawn(async move { send(service, request("/")).await })
    });
    let answers = testkit::futures::future::join_all(requests);
    for request in within_limit("4 requests through the limit", answers).await {
        let res = request.expect("a request task panicked");
        res.assert_status(StatusCode::OK);
        request_duration(&res);
    }
    assert!(
        in_handler.peak() == 1,
        "a concurrency limit of 1 let {} requests into the handler at once",
        in_handler.peak()
    );
}
// ANCHOR_END: concurrency_limit
