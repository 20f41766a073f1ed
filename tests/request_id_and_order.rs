//! Request ids, and the order of the layers: the log of what each layer saw is the onion.

use std::collections::HashSet;

use axum::{Router, middleware, routing::get};
use request_id_and_order::{
    API_KEY, Log, MAX_ID_LEN, access_log, app, new_request_id, request_id, require_api_key, whoami,
};
use testkit::{
    StatusCode, TestClient, TestResponse, assert_json_snapshot, assert_response_snapshot,
};

fn client_and_log() -> (TestClient, Log) {
    let log = Log::new();
    (TestClient::new(app(log.clone())), log)
}

/// The id the response carries, failing the test (and saying why) if there is none.
#[track_caller]
fn echoed_id(res: &TestResponse) -> String {
    match res.header("x-request-id") {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => panic!(
            "{} answered {} without an `X-Request-Id` header. Every response carries the \
             request's id: add it to the response `next.run(request).await` gives back.\n{res:?}",
            res.request, res.status
        ),
    }
}

/// The id the handler saw, as it answered it.
#[track_caller]
fn handler_id(res: &TestResponse) -> String {
    assert!(
        !res.text().contains("Missing request extension"),
        "the handler asks for `Extension<RequestId>` and found none, so axum answered {}. Put \
         the id in the request before passing it on: \
         `request.extensions_mut().insert(RequestId(id.clone()))`, then `next.run(request)`.\n{res:?}",
        res.status
    );
    res.assert_status(StatusCode::OK).assert_json();
    match res.json()["request_id"].as_str() {
        Some(id) => id.to_owned(),
        None => panic!("GET /whoami should answer {{\"request_id\": ...}}\n{res:?}"),
    }
}

#[tokio::test]
async fn an_incoming_request_id_is_kept() {
    let (client, _) = client_and_log();
    let res = client
        .get("/whoami")
        .header("x-api-key", API_KEY)
        .header("x-request-id", "abc-123")
        .await;
    let (echoed, seen) = (echoed_id(&res), handler_id(&res));
    assert!(
        echoed == "abc-123" && seen == "abc-123",
        "the client sent `X-Request-Id: abc-123`, so that is the request's id. The handler saw \
         {seen:?} and the response carries {echoed:?}. Keep a usable incoming id; make a new \
         one only when there is none.\n{res:?}"
    );
    assert_response_snapshot!("kept_id", res, headers = ["x-request-id"]);
}

#[tokio::test]
async fn a_missing_request_id_is_generated_and_shown_to_the_handler() {
    let (client, _) = client_and_log();
    let res = client.get("/whoami").header("x-api-key", API_KEY).await;
    let (echoed, seen) = (echoed_id(&res), handler_id(&res));
    assert!(
        echoed == seen,
        "the handler saw request id {seen:?} but the response carries {echoed:?}: make the id \
         once, put it in the request's extensions (`request.extensions_mut().insert(..)`), \
         and send the same one back.\n{res:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ids_are_unique() {
    let (client, _) = client_and_log();
    let requests = (0..200).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get("/whoami").header("x-api-key", API_KEY).await })
    });
    let mut ids = HashSet::new();
    for request in testkit::futures::future::join_all(requests).await {
        let res = request.expect("a request task panicked");
        ids.insert(echoed_id(&res));
    }
    assert!(
        ids.len() == 200,
        "200 concurrent requests without an id got only {} different ids. A clock is not \
         unique (two requests can start in the same microsecond); an `AtomicU64` counter is.",
        ids.len()
    );
}

#[test]
fn ids_made_back_to_back_on_two_threads_are_unique() {
    const EACH: usize = 20_000;
    let make = || (0..EACH).map(|_| new_request_id()).collect::<Vec<_>>();
    let (mine, theirs) = std::thread::scope(|scope| {
        let theirs = scope.spawn(make);
        (make(), theirs.join().expect("the other thread panicked"))
    });
    let ids: HashSet<&String> = mine.iter().chain(&theirs).collect();
    assert!(
        ids.len() == 2 * EACH,
        "{} ids made back to back on two threads held only {} different ones: \
         `new_request_id()` repeated itself. A clock is not unique: many ids are made within \
         one microsecond (or one nanosecond, on two threads). Count instead: a `static` \
         `AtomicU64` with `fetch_add(1, Ordering::Relaxed)` never gives the same number twice.",
        2 * EACH,
        ids.len()
    );
}

#[tokio::test]
async fn an_unusable_incoming_id_is_replaced() {
    let (client, _) = client_and_log();
    let too_long = "x".repeat(MAX_ID_LEN + 1);
    for sent in ["", "has spaces", "quote\"d", too_long.as_str()] {
        let res = client
            .get("/whoami")
            .header("x-api-key", API_KEY)
            .header("x-request-id", sent)
            .await;
        let echoed = res.header("x-request-id").unwrap_or_default();
        assert!(
            echoed != sent,
            "the client sent `X-Request-Id: {sent}`, which is not a usable id (keep 1 to \
             {MAX_ID_LEN} letters, digits, `-`, `_` or `.`), yet it was kept. Make a new id \
             instead: ids end up in every log line.\n{res:?}"
        );
        echoed_id(&res);
    }
}

/// Which layers are outside which, read from the log rather than from the code.
#[track_caller]
fn assert_access_log_saw_the_id(lines: &[String], id: &str) {
    let entry = lines.iter().find(|line| line.starts_with("→ access-log"));
    let Some(entry) = entry else {
        panic!(
            "the access log never saw the request. Is `access_log` in the app? The log:\n{}",
            lines.join("\n")
        );
    };
    assert!(
        entry.ends_with(&format!("request id {id}")),
        "the access log saw the request before it had its id:\n  {entry}\nThe request-id layer \
         must be outside the access log, so it runs first on the way in. With axum's \
         `Router::layer`, the layer added LAST is the outermost. The whole log:\n{}",
        lines.join("\n")
    );
}

/// `["access-log", "api-key", "handler"]`: who wrote a `→` line, in order.
fn layers_on_the_way_in(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .filter_map(|line| line.strip_prefix("→ "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect()
}

// ANCHOR: onion_test
#[tokio::test]
async fn the_log_shows_the_onion() {
    let (client, log) = client_and_log();
    let res = client
        .get("/whoami")
        .header("x-api-key", API_KEY)
        .header("x-request-id", "abc-123")
        .await;
    res.assert_status(StatusCode::OK);
    let lines = log.lines();
    assert_access_log_saw_the_id(&lines, "abc-123");
    let way_in = layers_on_the_way_in(&lines);
    assert!(
        way_in == ["access-log", "api-key", "handler"],
        "on the way in, the request met {} in that order; expected access-log, api-key, \
         handler. The access log must be outside `require_api_key`, or refused requests are \
         never logged. The whole log:\n{}",
        way_in.join(", "),
        lines.join("\n")
    );
    assert_json_snapshot!("log", lines);
}
// ANCHOR_END: onion_test

#[tokio::test]
async fn a_refused_request_is_logged_and_carries_its_id() {
    let (client, log) = client_and_log();
    let res = client.get("/whoami").await;
    res.assert_status(StatusCode::UNAUTHORIZED).assert_json();
    let lines = log.lines();
    assert!(
        lines.iter().any(|line| line.starts_with("→ access-log")),
        "a request without an API key was refused, and the access log never saw it. The \
         access log must be outside `require_api_key`, or refused requests leave no trace. \
         The log:\n{}",
        lines.join("\n")
    );
    assert!(
        res.header("x-request-id").is_some(),
        "the 401 has no `X-Request-Id`: the request-id layer is inside `require_api_key`, so a \
         refused request never reaches it. Make it the outermost layer.\n{res:?}"
    );
    let id = echoed_id(&res);
    assert_access_log_saw_the_id(&lines, &id);
    let lines: Vec<String> = lines
        .iter()
        .map(|line| line.replace(&id, "[generated id]"))
        .collect();
    assert_json_snapshot!("log_refused", lines);
}

// ANCHOR: reversed_test
/// The same three layers, listed in the order a request should meet them. That reads well and
/// compiles, but `Router::layer` wraps everything above it, so the LAST one is the outermost.
#[tokio::test]
async fn listing_the_layers_top_down_reverses_the_onion() {
    let log = Log::new();
    let top_down = Router::new()
        .route("/whoami", get(whoami))
        .layer(middleware::from_fn(request_id))
        .layer(middleware::from_fn_with_state(log.clone(), access_log))
        .layer(middleware::from_fn_with_state(log.clone(), require_api_key))
        .with_state(log.clone());
    let client = TestClient::new(top_down);
    let res = client
        .get("/whoami")
        .header("x-api-key", API_KEY)
        .header("x-request-id", "abc-123")
        .await;
    res.assert_status(StatusCode::OK);
    let lines = log.lines();
    assert!(
        lines.first().is_some_and(|line| line.starts_with("→ api-key") && line.contains("request id (none)")),
        "listed last, `require_api_key` is the outermost layer and sees the request first, \
         before it has an id. The log:\n{}",
        lines.join("\n")
    );
    assert_json_snapshot!("log_top_down", lines);

    let refused = client.get("/whoami").await;
    refused.assert_status(StatusCode::UNAUTHORIZED);
    assert!(
        refused.header("x-request-id").is_none(),
        "outside the request-id layer, a refused request is answered before it gets an id\n{refused:?}"
    );
}
// ANCHOR_END: reversed_test
