//! Graceful shutdown: stop accepting, finish what is in flight, then return (and exit 0).
//!
//! The in-process tests decide when the request in flight finishes (`Reports::release`), so
//! nothing depends on timing. The last test runs the server as a real process, sends it
//! SIGTERM like `docker stop` would, and reads its exit status.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use graceful_shutdown::{Reports, app, serve};
use testkit::probe::PATIENCE;
#[cfg(unix)]
use testkit::serving::ServerProcess;
use testkit::serving::{http_client, send};
use testkit::{StatusCode, TestClient, TestResponse, assert_response_snapshot};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Long enough that a report never finishes on its own while a test is watching it.
const FOREVER: Duration = Duration::from_secs(60);

async fn get(url: String) -> Result<TestResponse, String> {
    send(http_client().get(url)).await
}

/// Polls `ready` every few milliseconds until it says `Ok(true)`. Fails the test with
/// `failure` if that takes too long, or at once with the reason `ready` gives as `Err`.
async fn wait_until<F>(mut ready: impl FnMut() -> F, failure: &str)
where
    F: Future<Output = Result<bool, String>>,
{
    let waited = tokio::time::timeout(PATIENCE, async {
        loop {
            match ready().await {
                Ok(true) => return Ok(()),
                Ok(false) => tokio::time::sleep(Duration::from_millis(5)).await,
                Err(reason) => return Err(reason),
            }
        }
    })
    .await;
    match waited {
        Ok(Ok(())) => {}
        Ok(Err(reason)) => panic!("{reason}"),
        Err(_) => panic!("{failure}"),
    }
}

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
}

/// Runs `serve` in a task, with a shutdown future the test completes by `stop.send(())`.
async fn start(reports: &Reports) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a loopback port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let server = tokio::spawn(serve(listener, app(reports.clone()), shutdown));
    Running { addr, stop, server }
}

#[tokio::test]
async fn health_says_how_many_reports_are_in_flight() {
    let client = TestClient::new(app(Reports::new(FOREVER)));
    let res = client.get("/health").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("health", res);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_returns_when_shutdown_completes() {
    let reports = Reports::new(FOREVER);
    let Running { addr, stop, server } = start(&reports).await;
    let res = get(format!("http://{addr}/health"))
        .await
        .unwrap_or_else(|e| panic!("{e}, before any shutdown"));
    res.assert_status(StatusCode::OK);

    let _ = stop.send(());
    let returned = tokio::time::timeout(PATIENCE, server).await;
    assert!(
        matches!(returned, Ok(Ok(Ok(())))),
        "`serve` did not return Ok(()) within {PATIENCE:?} of the shutdown future completing, \
         with nothing in flight ({returned:?}). Pass the future to \
         `axum::serve(..).with_graceful_shutdown(shutdown)`."
    );
}

// ANCHOR: in_flight_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_refuses_new_connections_and_finishes_the_request_in_flight() {
    let reports = Reports::new(FOREVER);
    let Running {
        addr,
        stop,
        mut server,
    } = start(&reports).await;

    // A report is in flight: its handler is running, and will until the test releases it.
    let report = tokio::spawn(get(format!("http://{addr}/report")));
    wait_until(
        || async {
            if server.is_finished() {
                Err("`serve` ended (or panicked) before any shutdown: read the panic above".into())
            } else {
                Ok(reports.in_flight() == 1)
            }
        },
        "GET /report never reached its handler before any shutdown",
    )
    .await;

    // Shutdown begins: the server must stop accepting connections...
    let _ = stop.send(());
    wait_until(
        || async { Ok(TcpStream::connect(addr).await.is_err()) },
        "the server still accepts new connections after the shutdown future completed. \
         Pass it to `axum::serve(..).with_graceful_shutdown(shutdown)`: that stops the \
         accept loop as soon as it completes.",
    )
    .await;

    // ...but not return while a request is still being answered.
    let early = tokio::time::timeout(Duration::from_millis(300), &mut server).await;
    assert!(
        early.is_err(),
        "`serve` returned while a request was still in flight ({early:?}): `main` would now \
         exit and cut it off. `with_graceful_shutdown` returns only after every connection \
         has finished; do not race the shutdown future against the server with `select!`."
    );
    assert!(
        !report.is_finished(),
        "the request in flight ended as soon as shutdown began, before its report was ready: \
         it was cut off. A graceful shutdown lets it finish."
    );

    // The report finishes; its answer arrives, and only then does `serve` return.
    reports.release();
    let answer = tokio::time::timeout(PATIENCE, report).await;
    match answer {
        Ok(Ok(Ok(res))) => {
            res.assert_status(StatusCode::OK).assert_json();
        }
        other => panic!(
            "the request in flight when shutdown began got no answer: it was cut off \
             ({other:?}). A graceful shutdown lets it finish."
        ),
    }
    let returned = tokio::time::timeout(PATIENCE, server).await;
    assert!(
        matches!(returned, Ok(Ok(Ok(())))),
        "`serve` did not return Ok(()) after the last request was answered: {returned:?}"
    );
}
// ANCHOR_END: in_flight_test

/// The server program of whichever package this test is compiled for.
#[cfg(unix)]
const SERVER_PROGRAM: Option<&str> = match option_env!("CARGO_BIN_EXE_graceful-shutdown") {
    Some(program) => Some(program),
    None => option_env!("CARGO_BIN_EXE_graceful-shutdown-solution"),
};

// ANCHOR: process_test
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sigterm_the_process_answers_its_request_in_flight_and_exits_0() {
    let program = SERVER_PROGRAM.expect("cargo builds the server program for this test");
    let env = [("ADDR", "127.0.0.1:0"), ("REPORT_MS", "500")];
    // Killed when dropped: a failing test leaves no server behind.
    let mut server = ServerProcess::start(program, &env).await;
    let url = server.url().to_owned();
    let report = tokio::spawn(get(format!("{url}/report")));
    wait_until_in_flight(&mut server, &url).await;

    server.send_sigterm();
    let answer = tokio::time::timeout(PATIENCE, report).await;
    let answered = matches!(&answer, Ok(Ok(Ok(res))) if res.status == StatusCode::OK);
    let Some(status) = server.wait_for_exit(PATIENCE).await else {
        panic!(
            "the server was still running {PATIENCE:?} after SIGTERM, with nothing left in \
             flight. Pass `shutdown_signal()` to `serve` so it stops.\nThe server printed:\n{}",
            server.output()
        );
    };
    let printed = server.output();
    assert!(
        status.code().is_some(),
        "the server was killed by SIGTERM ({status}) instead of shutting down: \
         `shutdown_signal` must listen for SIGTERM \
         (`tokio::signal::unix::signal(SignalKind::terminate())`), not only for Ctrl-C. \
         SIGTERM is what `docker stop`, Kubernetes and systemd send.\n\
         The server printed:\n{printed}"
    );
    assert!(
        answered,
        "the report in flight when SIGTERM arrived got no answer ({answer:?}): the process \
         stopped without finishing it.\nThe server printed:\n{printed}"
    );
    assert!(
        status.success(),
        "after SIGTERM the server exited with {status}, expected exit code 0: `main` \
         returns success only when `serve` returns Ok(()).\nThe server printed:\n{printed}"
    );
}
// ANCHOR_END: process_test

/// Polls `GET /health` until one report is in flight. Fails at once if the program exits.
#[cfg(unix)]
async fn wait_until_in_flight(server: &mut ServerProcess, url: &str) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(status) = server.exited() {
            let why = server
                .panic_message()
                .map(|panic| format!(": it panicked at {panic}"))
                .unwrap_or_default();
            panic!(
                "the server program exited ({status}) while a report should be in flight{why}\n\
                 The server printed:\n{}",
                server.output()
            );
        }
        let health = get(format!("{url}/health")).await;
        let body = health.ok().and_then(|res| res.try_json());
        if body.is_some_and(|body| body["reports_in_flight"] == 1) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "GET /report never showed up as in flight in GET /health"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
