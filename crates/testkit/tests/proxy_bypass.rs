//! A learner behind a company proxy often has `HTTP_PROXY` (and friends) set and no
//! `NO_PROXY`. reqwest honours those variables, so a client that does not opt out sends even
//! `http://127.0.0.1:...` through the proxy, and the test fails in a way that looks like the
//! learner's bug. Every client testkit builds for loopback must opt out.
//!
//! A test binary of its own, with one test: it changes the process's environment, which every
//! thread of the process shares.

use std::time::Duration;

use testkit::axum::Router;
use testkit::axum::routing::get;
use testkit::{StatusCode, TestServer, middleware, serving};

#[tokio::test]
async fn loopback_clients_ignore_a_proxy_in_the_environment() {
    // A proxy that is not there: a request sent through it cannot succeed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a port");
    let proxy = format!("http://{}", closed.local_addr().expect("its address"));
    drop(closed);
    // SAFETY: the only test in this binary, set before any thread of ours reads the environment.
    // (Changing the environment is `unsafe` since Rust 2024; [workspace.lints] denies it elsewhere.)
    #[allow(unsafe_code)]
    unsafe {
        for variable in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
            std::env::set_var(variable, &proxy);
            std::env::set_var(variable.to_lowercase(), &proxy);
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let server = TestServer::start(Router::new().route("/", get(|| async { "hello" }))).await;

    // The control: a client that honours the environment goes to the closed proxy and fails.
    // Without it, this test would pass on a machine where the variables had no effect.
    let honouring = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("building a client");
    let through_proxy = honouring.get(server.url("/")).send().await;
    assert!(
        through_proxy.is_err(),
        "a client that honours HTTP_PROXY reached the server anyway: the test's proxy \
         variables did nothing, so it proves nothing"
    );

    let direct = serving::send(serving::http_client().get(server.url("/"))).await;
    match direct {
        Ok(res) => assert_eq!(res.status, StatusCode::OK, "serving::http_client"),
        Err(e) => panic!("serving::http_client went through the proxy: {e}"),
    }
    match middleware::fetch(&server, "/", Duration::from_secs(30)).await {
        Ok(res) => assert_eq!(res.status, StatusCode::OK, "middleware::fetch"),
        Err(e) => panic!("middleware::fetch went through the proxy: {e}"),
    }
}
