//! One endpoint, tested two ways: straight into the router with `oneshot` (no socket), and
//! through a real server on `127.0.0.1:0` with a real HTTP client. The first is fast and can
//! pretend to be any client; only the second proves the app is served the way it needs.

use std::net::SocketAddr;

use testing_patterns::{AppState, app, serve};
use testkit::axum::extract::connect_info::MockConnectInfo;
use testkit::serving::{http_client, send};
use testkit::{StatusCode, TestClient, TestResponse, TestServer, assert_response_snapshot};

const ARTICLES: [&str; 2] = ["async-views", "tokio-tasks"];

fn read_count(res: &TestResponse) -> (u64, bool) {
    res.assert_status(StatusCode::OK).assert_json();
    let body = res.json();
    match (
        body["unique_readers"].as_u64(),
        body["first_read"].as_bool(),
    ) {
        (Some(readers), Some(first)) => (readers, first),
        _ => panic!(
            "{} should answer `unique_readers` (a number) and `first_read` (true or false)\n{res:?}",
            res.request
        ),
    }
}

// ANCHOR: oneshot
/// A client for `state`'s app that looks, to the handler, as if it connected from `addr`.
/// `oneshot` opens no connection, so there is no peer address unless the test provides one.
fn client_from(state: &AppState, addr: &str) -> TestClient {
    let addr: SocketAddr = addr.parse().expect("a test address");
    TestClient::new(app(state.clone()).layer(MockConnectInfo(addr)))
}

#[tokio::test]
async fn oneshot_counts_each_client_address_once() {
    let state = AppState::new(ARTICLES);
    let alice = client_from(&state, "10.0.0.1:40001");
    let alice_again = client_from(&state, "10.0.0.1:40002"); // a new connection, a new port
    let bob = client_from(&state, "10.0.0.2:40001");

    let first = alice.post("/articles/async-views/read").await;
    assert_response_snapshot!("first_read", first);
    assert_eq!(
        read_count(&first),
        (1, true),
        "the first read of an article"
    );

    let again = alice_again.post("/articles/async-views/read").await;
    assert!(
        read_count(&again) == (1, false),
        "10.0.0.1 read the article again from another port, and was counted as a new \
         reader. Count the client's IP address (`addr.ip()`), not the whole socket address: \
         every new connection gets a new port.\n{again:?}"
    );

    let other = bob.post("/articles/async-views/read").await;
    assert_eq!(
        read_count(&other),
        (2, true),
        "a second address is a second reader"
    );
}
// ANCHOR_END: oneshot

#[tokio::test]
async fn oneshot_an_unknown_article_is_a_json_404() {
    let state = AppState::new(ARTICLES);
    let res = client_from(&state, "10.0.0.1:40001")
        .post("/articles/no-such-article/read")
        .await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
    assert_response_snapshot!("unknown_article", res);
}

#[tokio::test]
async fn oneshot_articles_count_their_readers_separately() {
    let state = AppState::new(ARTICLES);
    let alice = client_from(&state, "10.0.0.1:40001");
    alice.post("/articles/async-views/read").await;
    let res = alice.post("/articles/tokio-tasks/read").await;
    assert_eq!(
        read_count(&res),
        (1, true),
        "reading one article does not make you a reader of another"
    );
}

// ANCHOR: real_server
#[tokio::test]
async fn a_real_server_gives_the_handler_the_clients_address() {
    let state = AppState::new(ARTICLES);
    let server = TestServer::start_with(|listener| serve(listener, app(state))).await;
    let url = server.url("/articles/tokio-tasks/read");

    // Two clients, so two connections: two different ports on the same address.
    let mut answers = Vec::new();
    for client in [http_client(), http_client()] {
        let res = send(client.post(&url))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            res.status != StatusCode::INTERNAL_SERVER_ERROR,
            "the real server answered 500: the handler asked for `ConnectInfo<SocketAddr>` and \
             there was none. A server only records each connection's address when it is \
             started with `app.into_make_service_with_connect_info::<SocketAddr>()`; the \
             oneshot tests passed because they add `MockConnectInfo` themselves.\n{res:?}"
        );
        answers.push(read_count(&res));
    }
    assert!(
        answers == [(1, true), (1, false)],
        "two reads from this machine (127.0.0.1) answered {answers:?}, expected one reader: \
         first (1, true), then (1, false)"
    );
}
// ANCHOR_END: real_server
