//! `POST /login`: password hashing is CPU work. It must run off the async thread, and at most
//! `LIMIT` at once.
//!
//! These tests run on a `current_thread` runtime: the test's own thread is the runtime's only
//! worker, so the hasher can tell whether a hash ran on it, and the heartbeat sees any stall.

use std::future::IntoFuture;

use cpu_bound_work::{AppState, PasswordHasher, ROUNDS, app, sample_users};
use testkit::blocking;
use testkit::futures::future::join_all;
use testkit::{StatusCode, TestClient, assert_response_snapshot, json};

/// How many hashes may run at once in these tests.
const LIMIT: usize = 2;

fn start() -> (TestClient, PasswordHasher) {
    let hasher = PasswordHasher::new(ROUNDS);
    let state = AppState::new(sample_users(), hasher.clone(), LIMIT);
    (TestClient::new(app(state)), hasher)
}

fn login(client: &TestClient, username: &str, password: &str) -> testkit::TestRequest {
    client
        .post("/login")
        .json(&json!({"username": username, "password": password}))
}

#[tokio::test]
async fn the_right_password_logs_in() {
    let (client, hasher) = start();
    let res = login(&client, "ada", "correct horse").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("welcome", res);
    assert!(
        hasher.hashed() == 1,
        "one login checks one password with `state.hasher.hash(..)`, {} were hashed",
        hasher.hashed()
    );
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_user_is_401() {
    let (client, _) = start();
    for res in [
        login(&client, "ada", "battery staple").await,
        login(&client, "nobody", "correct horse").await,
    ] {
        res.assert_status(StatusCode::UNAUTHORIZED).assert_json();
        assert_response_snapshot!("invalid_credentials", res);
    }
}

// ANCHOR: off_the_runtime
#[tokio::test(flavor = "current_thread")]
async fn hashing_runs_off_the_async_thread() {
    let (client, hasher) = start();
    let runtime_thread = std::thread::current().id();

    let (res, pulse) =
        blocking::watch(login(&client, "grace", "battery staple").into_future()).await;

    res.assert_status(StatusCode::OK);
    assert!(
        !hasher.ran_on(runtime_thread),
        "{}: the password hash ran on the async thread itself.\nCPU work blocks the thread as \
         surely as a sleep does, for as long as it computes. Run it with \
         `tokio::task::spawn_blocking` (a `tokio::spawn`ed task is not a thread of its own).",
        pulse.describe_block("POST /login"),
    );
    pulse.assert_not_blocked("POST /login");
}
// ANCHOR_END: off_the_runtime

// ANCHOR: bounded
#[tokio::test(flavor = "current_thread")]
async fn at_most_two_hashes_run_at_once() {
    // Twice the limit: an unbounded version runs them all at once. Each hash takes a core
    // for a while, so a few are enough on a loaded machine.
    const LOGINS: usize = 2 * LIMIT;
    let (client, hasher) = start();

    let logins = (0..LOGINS).map(|_| login(&client, "ada", "correct horse").into_future());
    let (answers, pulse) = blocking::watch(join_all(logins)).await;

    for res in answers {
        res.assert_status(StatusCode::OK);
    }
    let peak = hasher.peak_in_flight();
    assert!(
        peak <= LIMIT,
        "{LOGINS} concurrent logins ran {peak} password hashes at once; at most {LIMIT} may run \
         together.\nEach hash takes a core while it runs: unbounded, a burst of logins takes \
         every core and every blocking thread. Take a permit from `state.hashing` (a \
         Semaphore) before spawning, and move it into the closure so it lives until the hash \
         is done: `let _permit = permit;` (`let _ = ...` drops it at once)."
    );
    assert!(
        hasher.hashed() == LOGINS,
        "{LOGINS} logins should hash {LOGINS} passwords, {} were hashed",
        hasher.hashed()
    );
    pulse.assert_not_blocked(&format!("{LOGINS} concurrent POST /login"));
}
// ANCHOR_END: bounded

/// Waits (up to the testkit's patience) until `done` says so.
async fn wait_until(mut done: impl FnMut() -> bool) {
    let waited = testkit::tokio::time::timeout(testkit::probe::PATIENCE, async {
        while !done() {
            testkit::tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
    });
    let _ = waited.await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_cancelled_login_keeps_its_permit_until_its_hash_is_done() {
    // A hash takes tens of milliseconds: long enough to cancel its request while it runs.
    let hasher = PasswordHasher::new(ROUNDS);
    let state = AppState::new(sample_users(), hasher.clone(), LIMIT);
    let client = TestClient::new(app(state));
    let start_logins = || {
        (0..LIMIT)
            .map(|_| testkit::tokio::spawn(login(&client, "ada", "correct horse").into_future()))
            .collect::<Vec<_>>()
    };

    // Two logins hash; their clients give up (the requests are dropped), the hashes run on.
    let first = start_logins();
    wait_until(|| hasher.peak_in_flight() == LIMIT).await;
    for login in &first {
        login.abort();
    }
    // Two more logins arrive while those two hashes still run: they must wait for them.
    let second = start_logins();
    wait_until(|| hasher.peak_in_flight() > LIMIT || hasher.hashed() >= LIMIT).await;
    for login in &second {
        login.abort();
    }

    let peak = hasher.peak_in_flight();
    assert!(
        peak <= LIMIT,
        "after {LIMIT} logins were cancelled mid-hash, {peak} hashes ran at once; at most \
         {LIMIT} may. A cancelled request drops its future, and a permit held there is \
         released while its hash still runs on the blocking thread (spawn_blocking cannot stop \
         it). Move the permit into the closure (`let _permit = permit;` inside it), so it is \
         released when the hash is done, not when the request goes away."
    );
}
