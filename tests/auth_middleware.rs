//! Authentication with `from_fn_with_state`: a valid bearer token reaches the handler with its
//! user; anything else is one and the same JSON 401, and the handler never runs.

use auth_middleware::{ADA_TOKEN, AppState, BOB_TOKEN, app, sample_users};
use testkit::{StatusCode, TestClient, TestRequest, TestResponse, assert_response_snapshot};

fn client_and_state() -> (TestClient, AppState) {
    let state = AppState::new(sample_users());
    (TestClient::new(app(state.clone())), state)
}

/// Every way to be refused: the header missing, malformed, another scheme, a wrong token.
const REFUSED: [(&str, Option<&str>); 6] = [
    ("no Authorization header", None),
    ("an unknown token", Some("Bearer not-a-real-token")),
    ("a token with no scheme", Some("ada-7f3c9e1b")),
    ("the Basic scheme", Some("Basic YWRhOnNlY3JldA==")),
    ("the scheme and no token", Some("Bearer ")),
    (
        "a real token with a suffix",
        Some("Bearer ada-7f3c9e1b-and-more"),
    ),
];

async fn get_me(client: &TestClient, authorization: Option<&str>) -> TestResponse {
    with_authorization(client.get("/me"), authorization).await
}

async fn purge(client: &TestClient, authorization: Option<&str>) -> TestResponse {
    with_authorization(client.post("/cache/purge"), authorization).await
}

fn with_authorization(request: TestRequest, authorization: Option<&str>) -> TestRequest {
    match authorization {
        Some(value) => request.header("authorization", value),
        None => request,
    }
}

/// Fails unless `res` is 200 OK; a 500 from a missing `Extension<User>` is explained.
#[track_caller]
fn assert_reached_the_handler(res: &TestResponse) {
    assert!(
        !res.text().contains("Missing request extension"),
        "{} sent a valid token, but the handler's `Extension<User>` found no user, so axum \
         answered {}. Is `require_user` on this route (`route_layer(from_fn_with_state(..))`), \
         and does it put the user in the request before passing it on \
         (`request.extensions_mut().insert(user)`, then `next.run(request)`)?\n{res:?}",
        res.request,
        res.status
    );
    res.assert_status(StatusCode::OK).assert_json();
}

/// Fails unless `res` is a JSON 401, saying what the middleware did instead.
#[track_caller]
fn assert_refused(res: &TestResponse, case: &str) {
    let advice = if res.text().contains("Missing request extension") {
        "The middleware let the request through without a user, and the handler's \
         `Extension<User>` found none. Refuse instead: return `Err(Unauthorized)` before \
         `next.run(request)`."
    } else if res.status.is_success() {
        "The middleware let it through. Accept only `Bearer <token>` where the token is \
         exactly one a user has; refuse everything else."
    } else {
        "Every refusal is `Unauthorized`, a JSON 401."
    };
    assert!(
        res.status == StatusCode::UNAUTHORIZED,
        "{} with {case} answered {}, expected 401 Unauthorized. {advice}\n{res:?}",
        res.request,
        res.status
    );
    res.assert_json();
}

#[tokio::test]
async fn a_valid_token_reaches_the_handler_with_its_user() {
    let (client, state) = client_and_state();
    let res = get_me(&client, Some(&format!("Bearer {ADA_TOKEN}"))).await;
    assert_reached_the_handler(&res);
    assert_response_snapshot!("me", res);

    let res = get_me(&client, Some(&format!("bearer {BOB_TOKEN}"))).await;
    assert!(
        res.status == StatusCode::OK && res.json()["username"] == "bob",
        "`Authorization: bearer <Bob's token>` should reach `/me` as Bob: the scheme is \
         case-insensitive (`Bearer`, `bearer`, `BEARER`), the token is not.\n{res:?}"
    );

    let res = purge(&client, Some(&format!("Bearer {BOB_TOKEN}"))).await;
    assert_reached_the_handler(&res);
    assert_eq!(state.purges(), 1, "one accepted purge, one purge");
}

// ANCHOR: same_401
#[tokio::test]
async fn every_refusal_is_the_same_401() {
    let (client, _) = client_and_state();
    let first = get_me(&client, None).await;
    assert_refused(&first, "no Authorization header");
    for (case, authorization) in REFUSED {
        let res = get_me(&client, authorization).await;
        assert_refused(&res, case);
        assert!(
            res.body == first.body,
            "the 401 for {case} says {}, but the 401 for a request without a token says {}.\n\
             Answer every refusal the same way: a client that can tell a wrong token from a \
             malformed header learns what to try next.",
            res.text(),
            first.text()
        );
    }
}
// ANCHOR_END: same_401

#[tokio::test]
async fn a_request_without_a_valid_token_is_a_json_401() {
    let (client, _) = client_and_state();
    let res = get_me(&client, None).await;
    res.assert_status(StatusCode::UNAUTHORIZED).assert_json();
    assert!(
        res.header("www-authenticate") == Some("Bearer"),
        "a 401 names the scheme that would work: `WWW-Authenticate: Bearer`\n{res:?}"
    );
    assert_response_snapshot!("unauthorized", res, headers = ["www-authenticate"]);
}

// ANCHOR: never_runs
#[tokio::test]
async fn the_handler_never_runs_for_a_refused_request() {
    let (client, state) = client_and_state();
    for (case, authorization) in REFUSED {
        assert_refused(&purge(&client, authorization).await, case);
    }
    let purges = state.purges();
    assert!(
        purges == 0,
        "{} refused requests answered 401, yet the cache was purged {purges} time(s): the \
         handler ran anyway. A middleware that refuses must return its 401 without calling \
         `next.run(request)`: whatever the handler does (a purge, a write, an email) has \
         already happened by the time its response is thrown away.",
        REFUSED.len()
    );
}
// ANCHOR_END: never_runs

#[tokio::test]
async fn public_routes_and_unknown_paths_need_no_token() {
    let (client, _) = client_and_state();
    let res = client.get("/health").await;
    assert!(
        res.status == StatusCode::OK,
        "GET /health answered {} without a token: it is public. Apply the middleware to the \
         protected routes only (a separate `Router` with `route_layer`, merged in).\n{res:?}",
        res.status
    );
    let res = client.get("/no/such/page").await;
    assert!(
        res.status == StatusCode::NOT_FOUND,
        "GET /no/such/page answered {} without a token, expected 404 Not Found: a path that \
         does not exist is not a login problem. `route_layer` wraps the routes only, not the \
         fallback.\n{res:?}",
        res.status
    );
}
