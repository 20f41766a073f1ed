//! The capstone, stage by stage. The tests of each stage come in the order of the page's
//! stages, so the first failing test is the next thing to build.
//!
//! Every test gets its own in-memory SQLite database (seeded with the sample articles) and its
//! own fake news, weather and stocks services on loopback, which can be held, slowed or made
//! to fail. Nothing here reads a clock to decide a result: the fakes count their calls.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use capstone_dashboard::articles::Article;
use capstone_dashboard::fakes::FakeUpstreams;
use capstone_dashboard::live::EVENT_NAME;
use capstone_dashboard::{AppState, Config, Renderer, app, export, serve};
use testkit::futures::future::join_all;
use testkit::live::{SseEvent, SseReader};
use testkit::probe::PATIENCE;
#[cfg(unix)]
use testkit::serving::ServerProcess;
use testkit::serving::{http_client, send};
use testkit::{StatusCode, TestClient, TestResponse, TestServer, assert_response_snapshot};

const TOKEN: &str = "test-token";

/// A budget per service that no test reaches unless it holds a service on purpose.
const RELAXED_BUDGET: Duration = Duration::from_secs(30);

/// One running capstone: its state, fake services and a client that sends the token.
struct Capstone {
    fakes: FakeUpstreams,
    state: AppState,
    client: TestClient,
}

struct Settings {
    section_timeout: Duration,
    cache_ttl: Duration,
    renderer: Renderer,
    max_live_views: usize,
    live_keep_alive: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            section_timeout: RELAXED_BUDGET,
            cache_ttl: Duration::from_secs(60),
            renderer: Arc::new(export::plain_text),
            max_live_views: 8,
            live_keep_alive: NO_KEEP_ALIVE,
        }
    }
}

async fn capstone() -> Capstone {
    capstone_with(Settings::default()).await
}

async fn capstone_with(settings: Settings) -> Capstone {
    let fakes = FakeUpstreams::start(Duration::ZERO)
        .await
        .expect("starting the fake services on loopback");
    let config = Config {
        database_url: "sqlite::memory:".to_owned(),
        news_url: fakes.news.url().to_owned(),
        weather_url: fakes.weather.url().to_owned(),
        stocks_url: fakes.stocks.url().to_owned(),
        section_timeout: settings.section_timeout,
        cache_ttl: settings.cache_ttl,
        api_token: TOKEN.to_owned(),
        max_live_views: settings.max_live_views,
        live_keep_alive: settings.live_keep_alive,
    };
    let state = match AppState::connect(config, settings.renderer).await {
        Ok(state) => state,
        Err(e) => panic!("the service could not start: {e}"),
    };
    let client = TestClient::new(app(state.clone()));
    Capstone {
        fakes,
        state,
        client,
    }
}

impl Capstone {
    async fn get(&self, path: &str) -> TestResponse {
        self.client
            .get(path)
            .header("authorization", &bearer())
            .await
    }

    async fn post(&self, path: &str) -> TestResponse {
        self.client
            .post(path)
            .header("authorization", &bearer())
            .await
    }
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// Polls `ready` until it is true; fails the test with `failure` after [`PATIENCE`], or at
/// once if `task` (the request or server being watched) ended first.
async fn wait_until<T>(task: &JoinHandle<T>, mut ready: impl FnMut() -> bool, failure: &str) {
    let started = Instant::now();
    while !ready() {
        assert!(
            !task.is_finished(),
            "{failure}\n(The request ended first: read the panic message above, if any.)"
        );
        assert!(started.elapsed() < PATIENCE, "{failure}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

// ---------------------------------------------------------------------------------------
// Stage 1: the database (queries.rs)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn stage1_articles_are_listed_most_read_first() {
    let capstone = capstone().await;
    let res = capstone.get("/articles").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("articles", res);
}

#[tokio::test]
async fn stage1_an_article_by_its_slug_or_a_json_404() {
    let capstone = capstone().await;
    let res = capstone.get("/articles/tokio-tasks").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("article", res);

    let res = capstone.get("/articles/no-such-article").await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stage1_concurrent_views_are_all_counted() {
    let capstone = capstone().await;
    let posts = (0..50).map(|_| capstone.post("/articles/graceful-shutdown/views"));
    let mut counts = Vec::new();
    for res in join_all(posts).await {
        res.assert_status(StatusCode::OK).assert_json();
        counts.push(res.json()["views"].as_i64().unwrap_or(-1));
    }
    let res = capstone.get("/articles/graceful-shutdown").await;
    let views = res.json()["views"].as_i64().unwrap_or(-1);
    assert!(
        views == 8 + 50,
        "50 concurrent POSTs took the views from 8 to {views}: {} were lost. Let the \
         database add one (`UPDATE ... SET views = views + 1 ... RETURNING views`, Django's \
         `F(\"views\") + 1`) instead of reading the count and writing it back.",
        58 - views
    );
    counts.sort_unstable();
    counts.dedup();
    assert_eq!(counts.len(), 50, "each POST answers a different new count");

    let res = capstone.post("/articles/no-such-article/views").await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
}

#[tokio::test]
async fn stage1_stats_are_aggregates_computed_by_the_database() {
    let capstone = capstone().await;
    let res = capstone.get("/stats").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("stats", res);

    sqlx_execute(&capstone.state, "DELETE FROM articles").await;
    let res = capstone.get("/stats").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("stats_empty", res);
}

async fn sqlx_execute(state: &AppState, sql: &'static str) {
    if let Err(e) = sqlx::query(sql).execute(&state.db).await {
        panic!("the test could not run `{sql}`: {e}");
    }
}

// ---------------------------------------------------------------------------------------
// Stage 2: the dashboard (dashboard.rs)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn stage2_the_dashboard_has_every_section() {
    let capstone = capstone().await;
    let res = capstone.get("/dashboard").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("dashboard", res, headers = ["x-cache"]);
}

// ANCHOR: at_the_same_time
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage2_the_three_services_are_called_at_the_same_time() {
    let capstone = capstone().await;
    for service in capstone.fakes.all() {
        service.hold();
    }
    let client = capstone.client.clone();
    let dashboard = tokio::spawn(async move {
        client
            .get("/dashboard")
            .header("authorization", &bearer())
            .await
    });
    // Held services do not answer: only a dashboard that calls all three before waiting for
    // any of them gets all three in flight.
    wait_until(
        &dashboard,
        || capstone.fakes.in_flight() == 3,
        "the dashboard never had the three services' calls in flight at once: it waits for \
         one answer before it asks the next. Start them together with `tokio::join!`.",
    )
    .await;
    for service in capstone.fakes.all() {
        service.release();
    }
    let res = dashboard.await.expect("the dashboard request panicked");
    res.assert_status(StatusCode::OK).assert_json();
}
// ANCHOR_END: at_the_same_time

/// Sends `GET /dashboard`, failing the test if it takes longer than [`PATIENCE`].
async fn dashboard_within_patience(capstone: &Capstone, held: &str) -> TestResponse {
    match tokio::time::timeout(PATIENCE, capstone.get("/dashboard")).await {
        Ok(res) => res,
        Err(_) => panic!(
            "GET /dashboard did not answer within {PATIENCE:?} while the {held} service \
             never answered: give each service at most `section_timeout` \
             (`tokio::time::timeout`), and answer without it."
        ),
    }
}

#[tokio::test]
async fn stage2_a_slow_service_costs_only_its_own_section() {
    let capstone = capstone_with(Settings {
        section_timeout: Duration::from_millis(200),
        ..Settings::default()
    })
    .await;
    capstone.fakes.weather.hold();
    let res = dashboard_within_patience(&capstone, "weather").await;
    res.assert_status(StatusCode::OK).assert_json();
    let body = res.json();
    assert!(
        body["weather"].is_null() && body["news"].is_array() && body["stocks"].is_array(),
        "with the weather service too slow, `weather` should be null and the other sections \
         present\n{res:?}"
    );
    assert_response_snapshot!("dashboard_without_weather", res);
}

#[tokio::test]
async fn stage2_a_failing_service_costs_only_its_own_section() {
    let capstone = capstone().await;
    capstone.fakes.stocks.set_failing(true);
    let res = capstone.get("/dashboard").await;
    assert!(
        res.status == StatusCode::OK,
        "with the stocks service answering 503, the dashboard answered {}: one failed \
         service must cost only its own section (`join!`, not `try_join!`, and a `null` \
         section with its reason in `errors`).\n{res:?}",
        res.status
    );
    assert_response_snapshot!("dashboard_without_stocks", res);
}

// ---------------------------------------------------------------------------------------
// Stage 3: the cache (cache.rs)
// ---------------------------------------------------------------------------------------

fn calls(capstone: &Capstone) -> [usize; 3] {
    capstone.fakes.all().map(|service| service.calls())
}

#[tokio::test]
async fn stage3_a_fresh_dashboard_comes_from_the_cache() {
    let capstone = capstone().await;
    let first = capstone.get("/dashboard").await;
    let second = capstone.get("/dashboard").await;
    assert_eq!(first.header("x-cache"), Some("miss"), "{first:?}");
    assert!(
        second.header("x-cache") == Some("hit") && calls(&capstone) == [1, 1, 1],
        "a second GET /dashboard within the cache's ttl should be a hit that calls no \
         service; the services were called {:?} times\n{second:?}",
        calls(&capstone)
    );
    assert_eq!(first.body, second.body, "a hit answers the same dashboard");
}

#[tokio::test]
async fn stage3_an_old_dashboard_is_built_again() {
    let capstone = capstone_with(Settings {
        cache_ttl: Duration::ZERO,
        ..Settings::default()
    })
    .await;
    capstone.get("/dashboard").await;
    let res = capstone.get("/dashboard").await;
    assert!(
        res.header("x-cache") == Some("miss") && calls(&capstone) == [2, 2, 2],
        "with a ttl of zero, every dashboard is built again; the services were called {:?} \
         times\n{res:?}",
        calls(&capstone)
    );
}

#[tokio::test]
async fn stage3_a_partial_dashboard_is_not_kept() {
    let capstone = capstone().await;
    capstone.fakes.stocks.set_failing(true);
    capstone.get("/dashboard").await;
    capstone.fakes.stocks.set_failing(false);
    let res = capstone.get("/dashboard").await;
    assert!(
        res.header("x-cache") == Some("miss") && res.json()["stocks"].is_array(),
        "a dashboard with a missing section must not be served from the cache: the next \
         request should ask the services again\n{res:?}"
    );
    let res = capstone.get("/dashboard").await;
    assert_eq!(res.header("x-cache"), Some("hit"), "{res:?}");
}

// ANCHOR: single_flight
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage3_concurrent_misses_call_each_service_once() {
    let capstone = capstone().await;
    for service in capstone.fakes.all() {
        service.hold();
    }
    let requests: Vec<_> = (0..10)
        .map(|_| {
            let client = capstone.client.clone();
            tokio::spawn(async move {
                client
                    .get("/dashboard")
                    .header("authorization", &bearer())
                    .await
            })
        })
        .collect();
    wait_until(
        &requests[0],
        || capstone.fakes.in_flight() >= 3,
        "ten dashboards were requested, and the services never received a call",
    )
    .await;
    // Room for the other nine to call the services too, if they are going to.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for service in capstone.fakes.all() {
        service.release();
    }
    let mut misses = 0;
    for request in requests {
        let res = request.await.expect("a dashboard request panicked");
        res.assert_status(StatusCode::OK);
        misses += usize::from(res.header("x-cache") == Some("miss"));
    }
    assert!(
        calls(&capstone) == [1, 1, 1] && misses == 1,
        "ten concurrent requests for a dashboard that was not cached called the services \
         {:?} times ({misses} misses): one request should build it while the others wait \
         for it (an async mutex held across the build) and then share it",
        calls(&capstone)
    );
}
// ANCHOR_END: single_flight

// ---------------------------------------------------------------------------------------
// Stage 4: middleware (middleware.rs and `app`)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn stage4_the_api_needs_the_token_but_health_does_not() {
    let capstone = capstone().await;
    let res = capstone.client.get("/dashboard").await;
    assert!(
        res.status != StatusCode::OK,
        "GET /dashboard without a token answered 200: no token check runs. Put \
         `middleware::require_token` on the API routes in `app` (`route_layer`).\n{res:?}"
    );
    res.assert_status(StatusCode::UNAUTHORIZED).assert_json();
    assert_response_snapshot!("unauthorized", res, headers = ["www-authenticate"]);

    let res = capstone
        .client
        .get("/articles")
        .header("authorization", "Bearer not-the-token")
        .await;
    res.assert_status(StatusCode::UNAUTHORIZED).assert_json();

    let res = capstone.client.get("/health").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_eq!(
        calls(&capstone),
        [0, 0, 0],
        "a request without the token must be turned away before any work is done"
    );
}

#[tokio::test]
async fn stage4_every_response_has_a_request_id_and_a_duration() {
    let capstone = capstone().await;
    let answers = [
        capstone.client.get("/health").await,
        capstone.get("/dashboard").await,
        capstone.client.get("/stats").await,
        capstone.get("/articles/no-such-article").await,
        capstone.get("/no/such/route").await,
    ];
    for res in &answers {
        let id = res.header("x-request-id").unwrap_or("");
        let duration = res.header("x-request-duration").unwrap_or("");
        let well_formed = duration
            .strip_suffix('s')
            .and_then(|seconds| seconds.split_once('.'))
            .is_some_and(|(whole, millis)| {
                !whole.is_empty()
                    && millis.len() == 3
                    && (whole.to_owned() + millis)
                        .chars()
                        .all(|c| c.is_ascii_digit())
            });
        assert!(
            !id.is_empty() && well_formed,
            "{} answered {} without `x-request-id` or without `x-request-duration: 0.123s`: \
             the middleware must wrap every route, the 401s of the token check and the 404s \
             included, so add it outside of them.\n{res:?}",
            res.request,
            res.status
        );
    }
}

#[tokio::test]
async fn stage4_a_request_id_sent_by_the_client_is_kept() {
    let capstone = capstone().await;
    let res = capstone
        .client
        .get("/health")
        .header("x-request-id", "from-the-load-balancer-42")
        .await;
    assert_eq!(
        res.header("x-request-id"),
        Some("from-the-load-balancer-42"),
        "an `x-request-id` that came with the request is the one to answer with\n{res:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Stage 5: blocking work off the runtime (export.rs)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn stage5_an_export_is_plain_text() {
    let capstone = capstone().await;
    let res = capstone.get("/articles/async-views/export").await;
    res.assert_status(StatusCode::OK);
    assert_response_snapshot!("export", res);
    let res = capstone.get("/articles/no-such-article/export").await;
    res.assert_status(StatusCode::NOT_FOUND).assert_json();
}

/// A renderer that blocks its thread until `meeting` renders are in progress at once (or
/// [`PATIENCE`] passes), and remembers the most there ever were. Once one render has waited
/// out the patience, later ones do not wait: renders in turn cost one patience, not many.
#[derive(Default)]
struct Meeting {
    counts: Mutex<(usize, usize, bool)>, // (in progress, peak, gave up)
    arrived: Condvar,
}

impl Meeting {
    fn renderer(self: &Arc<Self>, meeting: usize) -> Renderer {
        let this = Arc::clone(self);
        Arc::new(move |article: &Article| {
            let mut counts = this.counts.lock().unwrap_or_else(PoisonError::into_inner);
            counts.0 += 1;
            counts.1 = counts.1.max(counts.0);
            this.arrived.notify_all();
            let deadline = Instant::now() + PATIENCE;
            while counts.1 < meeting && !counts.2 {
                if Instant::now() >= deadline {
                    counts.2 = true;
                    break;
                }
                let left = deadline.saturating_duration_since(Instant::now());
                counts = this
                    .arrived
                    .wait_timeout(counts, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            counts.0 -= 1;
            export::plain_text(article)
        })
    }

    fn peak(&self) -> usize {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner).1
    }
}

// ANCHOR: off_the_runtime
/// `#[tokio::test]` runs on one thread: a render on it would stop everything else.
#[tokio::test]
async fn stage5_exports_render_off_the_runtime() {
    let meeting = Arc::new(Meeting::default());
    let capstone = capstone_with(Settings {
        renderer: meeting.renderer(2),
        ..Settings::default()
    })
    .await;
    let (first, second) = tokio::join!(
        capstone.get("/articles/async-views/export"),
        capstone.get("/articles/tokio-tasks/export"),
    );
    first.assert_status(StatusCode::OK);
    second.assert_status(StatusCode::OK);
    assert!(
        meeting.peak() >= 2,
        "two exports rendered one after the other on a one-thread runtime: the render \
         blocked the runtime's only thread. Run it with `tokio::task::spawn_blocking` and \
         await the handle."
    );
}
// ANCHOR_END: off_the_runtime

// ---------------------------------------------------------------------------------------
// Stage 6: serving (server.rs)
// ---------------------------------------------------------------------------------------

/// The capstone served by its own `serve` on a loopback port: its address, the sender whose
/// message begins the graceful shutdown, and the task `serve` runs on (it ends when `serve`
/// returns).
async fn serve_until_stopped(
    capstone: &Capstone,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    JoinHandle<std::io::Result<()>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a loopback port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, app(capstone.state.clone()), async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_shutdown_finishes_the_dashboard_in_flight() {
    let capstone = capstone().await;
    let (addr, stop, mut server) = serve_until_stopped(&capstone).await;

    for service in capstone.fakes.all() {
        service.hold();
    }
    let request = http_client()
        .get(format!("http://{addr}/dashboard"))
        .header("authorization", bearer());
    let dashboard = tokio::spawn(send(request));
    wait_until(
        &dashboard,
        || capstone.fakes.in_flight() == 3,
        "GET /dashboard never reached the services before any shutdown",
    )
    .await;

    let _ = stop.send(());
    let started = Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            started.elapsed() < PATIENCE,
            "the server still accepts connections after the shutdown signal: serve with \
             `axum::serve(..).with_graceful_shutdown(shutdown)`"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let early = tokio::time::timeout(Duration::from_millis(300), &mut server).await;
    assert!(
        early.is_err(),
        "`serve` returned while a dashboard was still in flight ({early:?}): it would be \
         cut off. `with_graceful_shutdown` returns after the requests in flight are answered."
    );

    for service in capstone.fakes.all() {
        service.release();
    }
    match tokio::time::timeout(PATIENCE, dashboard).await {
        Ok(Ok(Ok(res))) => {
            res.assert_status(StatusCode::OK).assert_json();
        }
        other => panic!("the dashboard in flight at shutdown got no answer: {other:?}"),
    }
    let returned = tokio::time::timeout(PATIENCE, server).await;
    assert!(
        matches!(returned, Ok(Ok(Ok(())))),
        "`serve` did not return Ok(()) after the last request: {returned:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_many_concurrent_clients_all_get_answers() {
    let capstone = capstone().await;
    let state = capstone.state.clone();
    let server =
        TestServer::start_with(|listener| serve(listener, app(state), std::future::pending()))
            .await;
    let client = http_client();
    let requests = (0..64).map(|i| {
        let path = ["/dashboard", "/articles", "/stats", "/articles/tokio-tasks"][i % 4];
        send(
            client
                .get(server.url(path))
                .header("authorization", bearer()),
        )
    });
    for answer in join_all(requests).await {
        match answer {
            Ok(res) => {
                res.assert_status(StatusCode::OK);
            }
            Err(e) => panic!("one of 64 concurrent requests failed: {e}"),
        }
    }
}

/// The service program of whichever package this test is compiled for.
#[cfg(unix)]
const SERVICE_PROGRAM: Option<&str> = match option_env!("CARGO_BIN_EXE_capstone-dashboard") {
    Some(program) => Some(program),
    None => option_env!("CARGO_BIN_EXE_capstone-dashboard-solution"),
};

// ANCHOR: one_command
/// What `cargo run` does: the program starts with no setup, prints its URL and example
/// requests, answers every one of them, and exits 0 on SIGTERM.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_the_program_answers_the_requests_it_suggests_and_stops_on_sigterm() {
    let program = SERVICE_PROGRAM.expect("cargo builds the service program for this test");
    let mut service = ServerProcess::start(program, &[("ADDR", "127.0.0.1:0")]).await;
    let printed = service.wait_for_line("Ctrl-C").await;
    let examples: Vec<&String> = printed
        .iter()
        .filter(|line| line.trim_start().starts_with("curl "))
        .collect();
    assert!(
        examples.len() >= 5,
        "the program should print example `curl` requests; it printed:\n{}",
        printed.join("\n")
    );
    for example in examples {
        let request = example_request(example.trim());
        match send(request).await {
            Ok(res) if res.status.is_success() => {}
            answer => {
                let why = service
                    .panic_message()
                    .map(|panic| format!(" The program panicked at {panic}"))
                    .unwrap_or_default();
                panic!(
                    "the program suggested `{}`, and it failed: {answer:?}.{why}\nThe program \
                     printed:\n{}",
                    example.trim(),
                    service.output()
                )
            }
        }
    }
    service.send_sigterm();
    let status = service.wait_for_exit(PATIENCE).await;
    assert!(
        status.is_some_and(|status| status.success()),
        "after SIGTERM the program should stop and exit 0; it ended with {status:?}.\n\
         The program printed:\n{}",
        service.output()
    );
}
// ANCHOR_END: one_command

/// Turns `curl [-H 'name: value'] [-X METHOD] URL` into the same request.
#[cfg(unix)]
fn example_request(curl: &str) -> reqwest::RequestBuilder {
    let (mut method, mut headers, mut url) = ("GET".to_owned(), Vec::new(), String::new());
    let mut words = curl.split('\'').enumerate().flat_map(|(index, part)| {
        // Odd parts were quoted: one word each. Even parts split on spaces.
        if index % 2 == 1 {
            vec![part.to_owned()]
        } else {
            part.split_whitespace().map(str::to_owned).collect()
        }
    });
    while let Some(word) = words.next() {
        match word.as_str() {
            "curl" => {}
            "-H" => headers.extend(words.next()),
            "-X" => method = words.next().unwrap_or(method),
            other => url = other.to_owned(),
        }
    }
    let method = method.parse().unwrap_or(testkit::Method::GET);
    let mut request = http_client().request(method, url);
    for header in headers {
        if let Some((name, value)) = header.split_once(": ") {
            request = request.header(name, value);
        }
    }
    request
}

// ---------------------------------------------------------------------------------------
// Stage 6: the limits a public server needs (limits.rs)
//
// Every test here talks raw TCP to a server started with `serve_with` and short limits, and
// counts what it sees: connections closed, statuses answered. The waits are the limits
// themselves plus a wide margin for a loaded machine; no verdict depends on a tight clock.
// ---------------------------------------------------------------------------------------

/// The header-read (and keep-alive idle) timeout of the limited test server.
const HEADER_TIMEOUT: Duration = Duration::from_millis(600);
/// How long after the timeout a connection may still take to be seen closed.
const CLOSE_MARGIN: Duration = Duration::from_secs(4);
const TEST_MAX_HEADERS: usize = 32;
const TEST_MAX_HEADER_BYTES: usize = 8 * 1024;

fn test_limits() -> capstone_dashboard::Limits {
    capstone_dashboard::Limits {
        header_read_timeout: HEADER_TIMEOUT,
        max_headers: TEST_MAX_HEADERS,
        max_header_bytes: TEST_MAX_HEADER_BYTES,
        max_in_flight: 64,
        request_timeout: RELAXED_BUDGET,
    }
}

/// The capstone served by its own `serve_with`, with `limits`, until the test ends.
async fn serve_limited(capstone: &Capstone, limits: capstone_dashboard::Limits) -> TestServer {
    let state = capstone.state.clone();
    TestServer::start_with(move |listener| {
        capstone_dashboard::serve_with(listener, app(state), limits, std::future::pending())
    })
    .await
}

/// Reads until the server closes the connection, and answers everything it sent; `None` if
/// the connection is still open after `limit`. A reset counts as closed.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, limit: Duration) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let deadline = tokio::time::Instant::now() + limit;
    let mut received = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return Some(received),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => return None,
        }
    }
}

/// Every status line in what a server sent (several when requests were pipelined).
fn statuses(received: &[u8]) -> Vec<u16> {
    received
        .windows(12)
        .filter(|w| w.starts_with(b"HTTP/1.") && w[8] == b' ')
        .filter_map(|w| std::str::from_utf8(&w[9..12]).ok()?.parse().ok())
        .collect()
}

async fn connect(server: &TestServer) -> tokio::net::TcpStream {
    match tokio::net::TcpStream::connect(server.addr()).await {
        Ok(stream) => stream,
        Err(e) => panic!("could not connect to the server under test: {e}"),
    }
}

/// `GET /health` answers 200: the server survived whatever the test did to it.
async fn assert_still_answers(server: &TestServer, after: &str) {
    match send(http_client().get(server.url("/health"))).await {
        Ok(res) => {
            res.assert_status(StatusCode::OK);
        }
        Err(e) => panic!("after {after}, the server no longer answers GET /health: {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_half_sent_requests_are_closed_slowloris() {
    use tokio::io::AsyncWriteExt;
    const SLOW: usize = 50;
    let capstone = capstone().await;
    let server = serve_limited(&capstone, test_limits()).await;

    // Half of them send half a request and go quiet; the other half keep sending one more
    // byte of a header every 100 ms, the way slowloris keeps a connection "busy".
    let mut silent = Vec::new();
    let mut tricklers = Vec::new();
    for i in 0..SLOW {
        let mut stream = connect(&server).await;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .await
            .expect("sending half a request");
        if i % 2 == 0 {
            silent.push(stream);
        } else {
            let (mut reader, mut writer) = stream.into_split();
            tokio::spawn(async move {
                while writer.write_all(b"a").await.is_ok() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            });
            tricklers.push(tokio::spawn(async move {
                let started = Instant::now();
                use tokio::io::AsyncReadExt;
                let mut buffer = [0u8; 1024];
                let closed = loop {
                    match tokio::time::timeout(
                        HEADER_TIMEOUT + CLOSE_MARGIN,
                        reader.read(&mut buffer),
                    )
                    .await
                    {
                        Ok(Ok(0) | Err(_)) => break true,
                        Ok(Ok(_)) => continue,
                        Err(_) => break false,
                    }
                };
                (closed, started.elapsed())
            }));
        }
    }
    let started = Instant::now();
    let silent_closed = join_all(silent.iter_mut().map(|stream| async {
        let closed = read_until_closed(stream, HEADER_TIMEOUT + CLOSE_MARGIN).await;
        (closed.is_some(), started.elapsed())
    }))
    .await;
    let mut outcomes = silent_closed;
    for trickler in tricklers {
        outcomes.push(trickler.await.expect("a trickling connection's task"));
    }
    let open = outcomes.iter().filter(|(closed, _)| !closed).count();
    let slowest = outcomes
        .iter()
        .map(|(_, took)| *took)
        .max()
        .unwrap_or_default();
    eprintln!(
        "slowloris: {SLOW} half-sent connections, {} closed, the last after {:.2} s \
         (header-read timeout {:.1} s)",
        SLOW - open,
        slowest.as_secs_f64(),
        HEADER_TIMEOUT.as_secs_f64()
    );
    assert!(
        open == 0,
        "{open} of {SLOW} connections that never finished their request were still open {:.1} \
         s after they started, with a header-read timeout of {:.1} s.\nThis is the *slowloris* \
         attack: a client opens hundreds of connections and never finishes a request (or sends \
         it one byte at a time); a server that waits for each one forever runs out of sockets \
         while doing no work. In limits.rs, `http1` must give hyper's builder a timer \
         (`TokioTimer::new()`) and `limits.header_read_timeout`: without the timer, no \
         timeout ever fires.",
        (HEADER_TIMEOUT + CLOSE_MARGIN).as_secs_f64(),
        HEADER_TIMEOUT.as_secs_f64()
    );
    assert_still_answers(&server, "50 slowloris connections").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_an_idle_keep_alive_connection_is_closed() {
    use tokio::io::AsyncWriteExt;
    let capstone = capstone().await;
    let server = serve_limited(&capstone, test_limits()).await;
    let mut stream = connect(&server).await;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .expect("sending a request");
    let received = read_until_closed(&mut stream, HEADER_TIMEOUT + CLOSE_MARGIN).await;
    let Some(received) = received else {
        panic!(
            "a kept-alive connection that sent one request and then nothing was still open {:.1} \
             s later, with a header-read timeout of {:.1} s. Idle connections cost a socket \
             each, and a client can open them faster than they are freed: the slowloris \
             pattern again. In hyper, the header-read timeout also bounds the wait for the \
             next request: set it, with a timer, in `http1` (limits.rs).",
            (HEADER_TIMEOUT + CLOSE_MARGIN).as_secs_f64(),
            HEADER_TIMEOUT.as_secs_f64()
        )
    };
    assert_eq!(
        statuses(&received),
        vec![200],
        "the request before the idle wait should be answered 200; the server sent:\n{}",
        String::from_utf8_lossy(&received)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_too_many_or_too_large_headers_are_refused() {
    use tokio::io::AsyncWriteExt;
    let capstone = capstone().await;
    let server = serve_limited(&capstone, test_limits()).await;
    let many: String = (0..TEST_MAX_HEADERS * 2)
        .map(|i| format!("X-Header-{i}: {i}\r\n"))
        .collect();
    let large = format!("X-Large: {}\r\n", "a".repeat(TEST_MAX_HEADER_BYTES * 8));
    let cases = [
        (
            format!("{} headers", TEST_MAX_HEADERS * 2),
            many,
            "max_headers",
        ),
        (
            format!("a header of {} kB", TEST_MAX_HEADER_BYTES * 8 / 1024),
            large,
            "max_buf_size",
        ),
    ];
    for (what, headers, setting) in cases {
        let mut stream = connect(&server).await;
        let request = format!("GET /health HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");
        // The server may close before it has read everything: that is a refusal too.
        let _ = stream.write_all(request.as_bytes()).await;
        let received = read_until_closed(&mut stream, HEADER_TIMEOUT + CLOSE_MARGIN)
            .await
            .unwrap_or_default();
        let answered = statuses(&received);
        assert!(
            answered.iter().all(|status| (400..500).contains(status)),
            "a request with {what} was answered {answered:?}; the limits are {TEST_MAX_HEADERS} \
             headers and {TEST_MAX_HEADER_BYTES} bytes of head, so it should be refused (431) \
             or closed. A server that accepts any number or size of headers lets one client \
             fill its memory. Set `{setting}` on hyper's builder in `http1` (limits.rs)."
        );
    }
    assert_still_answers(&server, "requests with too many and too large headers").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_over_the_concurrency_limit_the_answer_is_a_clear_503() {
    let capstone = capstone().await;
    let limits = capstone_dashboard::Limits {
        max_in_flight: 1,
        ..test_limits()
    };
    let server = serve_limited(&capstone, limits).await;
    for service in capstone.fakes.all() {
        service.hold();
    }
    let request = http_client()
        .get(server.url("/dashboard"))
        .header("authorization", bearer());
    let dashboard = tokio::spawn(send(request));
    wait_until(
        &dashboard,
        || capstone.fakes.in_flight() == 3,
        "GET /dashboard never reached the services",
    )
    .await;

    let turned_away = send(http_client().get(server.url("/health"))).await;
    for service in capstone.fakes.all() {
        service.release();
    }
    let turned_away = turned_away.unwrap_or_else(|e| panic!("GET /health got no answer: {e}"));
    assert_eq!(
        turned_away.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "with a limit of 1 request at once and a dashboard in flight, GET /health should be \
         answered 503 at once; it got {}. Without a limit, a burst of requests queues without \
         end and every client waits; with one, the extra clients hear \"try again\" at once. \
         In limits.rs, `limit` must wrap the app in `admit`, which answers \
         `ApiError::Unavailable` when no place is free.",
        turned_away.status
    );
    let body = turned_away.json();
    assert_eq!(body["error"], "unavailable", "the 503's JSON body: {body}");
    assert_eq!(
        turned_away.header("retry-after"),
        Some("1"),
        "a 503 should say when to retry"
    );
    match tokio::time::timeout(PATIENCE, dashboard).await {
        Ok(Ok(Ok(res))) => {
            res.assert_status(StatusCode::OK);
        }
        other => panic!("the dashboard in flight got no answer: {other:?}"),
    }
    assert_still_answers(&server, "a request turned away").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_a_request_over_its_time_limit_answers_503() {
    let capstone = capstone().await;
    let limit = Duration::from_millis(300);
    let limits = capstone_dashboard::Limits {
        request_timeout: limit,
        ..test_limits()
    };
    let server = serve_limited(&capstone, limits).await;
    for service in capstone.fakes.all() {
        service.hold();
    }
    let request = http_client()
        .get(server.url("/dashboard"))
        .header("authorization", bearer());
    let answer = tokio::time::timeout(Duration::from_secs(5), send(request)).await;
    for service in capstone.fakes.all() {
        service.release();
    }
    match answer {
        Ok(Ok(res)) => {
            assert_eq!(
                res.status,
                StatusCode::SERVICE_UNAVAILABLE,
                "a dashboard whose services never answer, on a server with a 0.3 s request \
                 limit, should be answered 503; it got {}",
                res.status
            );
            assert_eq!(res.json()["error"], "unavailable");
        }
        Ok(Err(e)) => panic!("GET /dashboard got no answer: {e}"),
        Err(_) => panic!(
            "a dashboard whose services never answer was still unanswered after 5 s, on a \
             server with a request limit of 0.3 s. Every request needs an end: in limits.rs, \
             `limit` must wrap the app in `time_limit`."
        ),
    }
}

/// A small, repeatable generator of malformed requests (xorshift: no dependency, same
/// requests on every run).
struct Junk(u64);

impl Junk {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, choices: &[&'a [u8]]) -> &'a [u8] {
        choices[(self.next() % choices.len() as u64) as usize]
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn request(&mut self) -> Vec<u8> {
        let auth = format!("Authorization: Bearer {TOKEN}\r\n");
        let mut request = Vec::new();
        request.extend_from_slice(self.pick(&[
            b"GET",
            b"POST",
            b"BREW",
            b"get",
            b"G\0T",
            b"",
            b"DELETE",
            b"PATCH",
            b"OPTIONS",
            b"CONNECT",
            b"TRACE",
            b"\xff\xfe",
        ]));
        request.push(b' ');
        request.extend_from_slice(self.pick(&[
            b"/",
            b"/dashboard",
            b"/articles/",
            b"/articles/tokio-tasks/views",
            b"/articles/%ZZ",
            b"/articles/%FF%FE/export",
            b"/stats?x=\xff",
            b"*",
            b"http://elsewhere.example/",
            b"/../../etc/passwd",
            b"",
        ]));
        // A third of the paths get random bytes; the rest reach the routes.
        let junk_len = if self.next().is_multiple_of(3) {
            (self.next() % 40) as usize
        } else {
            0
        };
        let junk = self.bytes(junk_len);
        request.extend_from_slice(&junk);
        request.push(b' ');
        request.extend_from_slice(self.pick(&[
            b"HTTP/1.1",
            b"HTTP/1.0",
            b"HTTP/2.0",
            b"HTTP/9.9",
            b"HTTP/1.1 extra",
            b"",
        ]));
        request.extend_from_slice(b"\r\n");
        for _ in 0..self.next() % 6 {
            let header = match self.next() % 8 {
                0 => auth.as_bytes().to_vec(),
                1 => b"Content-Length: 5\r\n".to_vec(),
                2 => b"Transfer-Encoding: chunked\r\n".to_vec(),
                3 => b"Host: localhost\r\n".to_vec(),
                4 => b"X-Request-Id: \x01\x7f\r\n".to_vec(),
                5 => {
                    let mut line = self.bytes(12);
                    line.extend_from_slice(b"\r\n");
                    line
                }
                6 => b"No colon here\r\n".to_vec(),
                _ => b"Authorization: Bearer \xff\xfe\r\n".to_vec(),
            };
            request.extend_from_slice(&header);
        }
        request.extend_from_slice(b"\r\n");
        let body_len = (self.next() % 64) as usize;
        let body = self.bytes(body_len);
        request.extend_from_slice(&body);
        // Some requests are cut off anywhere, mid-line included.
        if self.next().is_multiple_of(4) {
            let keep = (self.next() % (request.len() as u64 + 1)) as usize;
            request.truncate(keep);
        }
        request
    }
}

/// What a malformed request was, what was sent, and what came back before the server closed
/// the connection (`None`: it did not close it).
type Outcome = (&'static str, Vec<u8>, Option<Vec<u8>>);

/// Hand-written malformed requests, each for a way parsers and handlers go wrong.
fn malformed_requests() -> Vec<(&'static str, Vec<u8>)> {
    let auth = format!("Authorization: Bearer {TOKEN}\r\n");
    let get = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: x\r\n{auth}\r\n").into_bytes();
    vec![
        ("an unknown method", b"BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("a path of 5,000 characters", get(&format!("/articles/{}", "a".repeat(5_000)))),
        ("a path of 20,000 characters", get(&format!("/{}", "a".repeat(20_000)))),
        ("invalid UTF-8 in the path", {
            let mut r = b"GET /articles/\xff\xfe\xfd HTTP/1.1\r\nHost: x\r\n".to_vec();
            r.extend_from_slice(auth.as_bytes());
            r.extend_from_slice(b"\r\n");
            r
        }),
        ("percent-encoded invalid UTF-8", get("/articles/%FF%FE/export")),
        ("a broken percent escape", get("/articles/%ZZ%")),
        ("a NUL byte in a header", b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n".to_vec()),
        ("a header without a colon", b"GET /health HTTP/1.1\r\nHost x\r\n\r\n".to_vec()),
        ("a space in a header name", b"GET /health HTTP/1.1\r\nBad Name: 1\r\n\r\n".to_vec()),
        (
            "two different Content-Lengths",
            b"POST /articles/tokio-tasks/views HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".to_vec(),
        ),
        ("a negative Content-Length", b"POST /health HTTP/1.1\r\nContent-Length: -1\r\n\r\n".to_vec()),
        ("a Content-Length of letters", b"POST /health HTTP/1.1\r\nContent-Length: abc\r\n\r\n".to_vec()),
        (
            "a Content-Length of 20 digits",
            b"POST /health HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec(),
        ),
        (
            "a broken chunked body",
            b"POST /articles/tokio-tasks/views HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n".to_vec(),
        ),
        (
            "chunked and a Content-Length at once",
            b"POST /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n".to_vec(),
        ),
        ("a 3 MB body", {
            let mut r = format!(
                "POST /articles/tokio-tasks/views HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 3000000\r\n\r\n"
            )
            .into_bytes();
            r.extend(std::iter::repeat_n(b'x', 3_000_000));
            r
        }),
        ("a 100 kB header", format!("GET /health HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(100_000)).into_bytes()),
        ("HTTP/0.9", b"GET /\r\n".to_vec()),
        ("HTTP/9.9", b"GET /health HTTP/9.9\r\n\r\n".to_vec()),
        ("the HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec()),
        ("a TLS ClientHello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec()),
        ("blank lines only", b"\r\n\r\n\r\n\r\n".to_vec()),
        ("an absolute URI", get("http://elsewhere.example/articles")),
        ("CONNECT", b"CONNECT elsewhere.example:443 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("OPTIONS *", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("no Host header", b"GET /health HTTP/1.1\r\n\r\n".to_vec()),
        ("Expect: 100-continue and no body", b"POST /health HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n".to_vec()),
        ("an invalid token", b"GET /stats HTTP/1.1\r\nAuthorization: Bearer \xff\xfe\r\n\r\n".to_vec()),
        ("a control character in x-request-id", b"GET /health HTTP/1.1\r\nX-Request-Id: \x01\x02\r\n\r\n".to_vec()),
        ("50 pipelined requests", b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n".repeat(50)),
        ("a request line of spaces", b"          \r\n\r\n".to_vec()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_malformed_requests_get_no_5xx_and_the_server_keeps_answering() {
    use testkit::futures::{FutureExt, StreamExt};
    use tokio::io::AsyncWriteExt;
    const RANDOM: usize = 200;
    let capstone = capstone().await;
    // A handler that panics would just drop its connection; here it is a 500 to count.
    let panics = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = Arc::clone(&panics);
    let guarded = app(capstone.state.clone()).layer(testkit::axum::middleware::from_fn(
        move |request, next: testkit::axum::middleware::Next| {
            let counted = Arc::clone(&counted);
            async move {
                match std::panic::AssertUnwindSafe(next.run(request))
                    .catch_unwind()
                    .await
                {
                    Ok(response) => response,
                    Err(_) => {
                        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        testkit::axum::response::IntoResponse::into_response(
                            StatusCode::INTERNAL_SERVER_ERROR,
                        )
                    }
                }
            }
        },
    ));
    let limits = test_limits();
    let server = TestServer::start_with(move |listener| {
        capstone_dashboard::serve_with(listener, guarded, limits, std::future::pending())
    })
    .await;

    let mut junk = Junk(0x2545_f491_4f6c_dd1d);
    let mut requests = malformed_requests();
    requests.extend((0..RANDOM).map(|_| ("a generated request", junk.request())));
    let total = requests.len();
    let addr = server.addr();
    let started = Instant::now();
    let outcomes: Vec<Outcome> = testkit::futures::stream::iter(requests)
        .map(|(what, request)| async move {
            let mut stream = match tokio::net::TcpStream::connect(addr).await {
                Ok(stream) => stream,
                Err(e) => panic!("could not connect to the server under test: {e}"),
            };
            // The server may refuse before reading everything: fine.
            let _ = stream.write_all(&request).await;
            let _ = stream.shutdown().await;
            let received = read_until_closed(&mut stream, HEADER_TIMEOUT + CLOSE_MARGIN).await;
            (what, request, received)
        })
        .buffer_unordered(16)
        .collect()
        .await;

    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let (mut unanswered, mut left_open) = (0, 0);
    for (what, request, received) in &outcomes {
        let Some(received) = received else {
            left_open += 1;
            continue;
        };
        let answered = statuses(received);
        if answered.is_empty() {
            unanswered += 1;
        }
        for status in answered {
            *by_status.entry(status).or_default() += 1;
            let shown = String::from_utf8_lossy(&request[..request.len().min(200)]);
            assert!(
                status < 500,
                "{what} was answered {status}: a malformed request is the client's mistake, \
                 a 4xx, never a server error. The request began:\n{shown:?}"
            );
        }
    }
    eprintln!(
        "junk: {total} malformed requests in {:.1} s; statuses {by_status:?}; {unanswered} \
         closed without an answer; {left_open} left open; {} handler panics",
        started.elapsed().as_secs_f64(),
        panics.load(std::sync::atomic::Ordering::SeqCst)
    );
    assert_eq!(
        panics.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a handler panicked on a malformed request"
    );
    assert_eq!(
        left_open, 0,
        "{left_open} connections were still open after their request was sent and the \
         sending side closed"
    );
    assert_still_answers(&server, &format!("{total} malformed requests")).await;
    let articles = send(
        http_client()
            .get(server.url("/articles"))
            .header("authorization", bearer()),
    )
    .await
    .unwrap_or_else(|e| panic!("after the malformed requests, GET /articles failed: {e}"));
    articles.assert_status(StatusCode::OK);
}

// ---------------------------------------------------------------------------------------
// Stage 7: the live view (live.rs)
//
// A real server and a real client over loopback: an event stream is a response that never
// ends, and what matters is what arrives on the connection. The tests count views to change
// the dashboard and wait for events, never for a clock; keep-alives are sent every 50 ms where
// a test needs to see that nothing else was sent.
// ---------------------------------------------------------------------------------------

/// Long enough that no keep-alive is sent while a test reads events.
const NO_KEEP_ALIVE: Duration = Duration::from_secs(600);
const SHORT_KEEP_ALIVE: Duration = Duration::from_millis(50);

/// The capstone served by its own `serve`, until the test ends.
async fn serve_live(capstone: &Capstone) -> TestServer {
    let state = capstone.state.clone();
    TestServer::start_with(move |listener| serve(listener, app(state), std::future::pending()))
        .await
}

/// Opens `GET /dashboard/live` with the token (and `Last-Event-ID` if given): the response
/// head, whatever its status.
async fn open_live(addr: std::net::SocketAddr, last_event_id: Option<&str>) -> reqwest::Response {
    let mut request = http_client()
        .get(format!("http://{addr}/dashboard/live"))
        .header("authorization", bearer());
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    match tokio::time::timeout(PATIENCE, request.send()).await {
        Ok(Ok(res)) => res,
        Ok(Err(e)) => panic!("GET /dashboard/live got no answer: {e}"),
        Err(_) => panic!(
            "GET /dashboard/live sent no response head within {PATIENCE:?}. An event stream \
             answers at once and then sends events as they come: return `Sse::new(stream)` \
             without waiting for the stream's items first."
        ),
    }
}

/// A live view, checked to be an event stream.
async fn subscribe(addr: std::net::SocketAddr, last_event_id: Option<&str>) -> SseReader {
    let res = open_live(addr, last_event_id).await;
    let status = res.status();
    if status != StatusCode::OK {
        let body = tokio::time::timeout(PATIENCE, res.text()).await;
        panic!("GET /dashboard/live answered {status}, expected 200 and an event stream: {body:?}");
    }
    SseReader::event_stream(res)
}

/// The next dashboard on the stream (keep-alives skipped), checked to carry an id and the
/// event name.
async fn next_dashboard(events: &mut SseReader, waiting_for: &str) -> SseEvent {
    let event = match events.next_event(PATIENCE).await {
        Ok(event) => event,
        Err(why) => panic!("waiting for {waiting_for}: {why}"),
    };
    assert!(
        event.id.is_some(),
        "every dashboard carries its id (`event(..)` sets it), so a browser that reconnects \
         can say which one it has; got {event:?}"
    );
    assert_eq!(
        event.event.as_deref(),
        Some(EVENT_NAME),
        "every dashboard is an event named {EVENT_NAME:?} (`event(..)` names it); got {event:?}"
    );
    event
}

fn data(event: &SseEvent) -> testkit::Value {
    testkit::serde_json::from_str(&event.data).unwrap_or_else(|e| {
        panic!(
            "each event's data is the dashboard as JSON, what GET /dashboard answers; got {:?} \
             ({e})",
            event.data
        )
    })
}

fn total_views(event: &SseEvent) -> i64 {
    data(event)["stats"]["total_views"].as_i64().unwrap_or(-1)
}

/// Waits until `ready` is true, at most [`PATIENCE`]; true if it became so.
async fn eventually(mut ready: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while !ready() {
        if started.elapsed() > PATIENCE {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_the_live_view_starts_with_the_dashboard() {
    let capstone = capstone().await;
    let server = serve_live(&capstone).await;
    let anonymous = send(http_client().get(server.url("/dashboard/live")))
        .await
        .unwrap_or_else(|e| panic!("GET /dashboard/live without a token got no answer: {e}"));
    anonymous.assert_status_because(
        StatusCode::UNAUTHORIZED,
        "the live view shows what GET /dashboard shows, so it needs the token too: its route \
         belongs with the API routes, under `require_token`",
    );

    let mut events = subscribe(server.addr(), None).await;
    let first = next_dashboard(
        &mut events,
        "the dashboard, sent as soon as the stream opens",
    )
    .await;
    let dashboard = capstone.get("/dashboard").await;
    assert_eq!(
        data(&first),
        dashboard.json(),
        "the first event's data is the dashboard, the same JSON GET /dashboard answers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_a_counted_view_sends_a_new_dashboard_with_a_new_id() {
    let capstone = capstone().await;
    let server = serve_live(&capstone).await;
    let mut events = subscribe(server.addr(), None).await;
    let first = next_dashboard(
        &mut events,
        "the dashboard, sent as soon as the stream opens",
    )
    .await;

    capstone
        .post("/articles/async-views/views")
        .await
        .assert_status(StatusCode::OK);
    let second = match events.next_event(PATIENCE).await {
        Ok(event) => event,
        Err(why) => panic!(
            "a view was counted, which changes the dashboard's statistics, and no new dashboard \
             arrived on the live view: {why}. `changes(..)` yields a new dashboard at each \
             change: send every one it yields, not only the first."
        ),
    };
    assert_ne!(
        second.id, first.id,
        "a changed dashboard is a new event with a new id (the one `changes` gives it), or a \
         browser that reconnects cannot tell which one it has"
    );
    assert_eq!(
        total_views(&second),
        total_views(&first) + 1,
        "the new dashboard counts the view: {}",
        second.data
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_an_idle_live_view_sends_keep_alives() {
    let capstone = capstone_with(Settings {
        live_keep_alive: SHORT_KEEP_ALIVE,
        ..Settings::default()
    })
    .await;
    let server = serve_live(&capstone).await;
    let mut events = subscribe(server.addr(), None).await;
    next_dashboard(
        &mut events,
        "the dashboard, sent as soon as the stream opens",
    )
    .await;
    let block = events.next(PATIENCE).await.unwrap_or_else(|why| {
        panic!(
            "with nothing changing, the live view stayed silent: {why}, with a keep-alive \
             set to every {SHORT_KEEP_ALIVE:?}. Proxies and load balancers close a connection \
             that is silent for 30-60 s; send a comment every `config.live_keep_alive` with \
             `.keep_alive(KeepAlive::new().interval(..))`."
        )
    });
    assert!(
        block.is_comment_only(),
        "with nothing changing, the only thing to arrive after the dashboard is a keep-alive \
         comment (`:`); got {block:?}"
    );
}

// ANCHOR: resume_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_a_client_that_has_the_current_dashboard_gets_nothing_repeated() {
    let capstone = capstone_with(Settings {
        live_keep_alive: SHORT_KEEP_ALIVE,
        ..Settings::default()
    })
    .await;
    let server = serve_live(&capstone).await;
    let mut first_viewer = subscribe(server.addr(), None).await;
    let seen = next_dashboard(&mut first_viewer, "the dashboard, sent at once").await;
    let seen_id = seen.id.clone().unwrap_or_default();

    // A browser that had this dashboard lost its connection, and reconnects.
    let mut back = subscribe(server.addr(), Some(&seen_id)).await;
    let block = back.next(PATIENCE).await.unwrap_or_else(|why| {
        panic!(
            "a live view that reconnected with `Last-Event-ID` sent nothing at all, not even a \
             keep-alive (set to every {SHORT_KEEP_ALIVE:?}): {why}"
        )
    });
    assert!(
        block.is_comment_only(),
        "the client sent `Last-Event-ID: {seen_id}`, the id of the dashboard it has, and was \
         sent {:?} again before anything changed (expected only a keep-alive). Read the \
         header and pass its number to `changes(state, Some(id))`: a browser reconnects every \
         time a proxy drops the connection, and each time it would get what it has.",
        block.id
    );

    capstone
        .post("/articles/async-views/views")
        .await
        .assert_status(StatusCode::OK);
    let changed = next_dashboard(&mut back, "the dashboard after a view was counted").await;
    assert_ne!(
        changed.id, seen.id,
        "after a change, the reconnected client gets the new dashboard"
    );
    assert_eq!(
        total_views(&changed),
        total_views(&seen) + 1,
        "{}",
        changed.data
    );

    // A client whose id is not the current dashboard's gets the current one at once.
    let mut late = subscribe(server.addr(), Some(&seen_id)).await;
    let current = next_dashboard(&mut late, "the current dashboard, for an old id").await;
    assert_eq!(
        current.id, changed.id,
        "a client that sent the id of an older dashboard gets the current one at once"
    );
}
// ANCHOR_END: resume_test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_over_the_limit_a_live_view_is_a_503() {
    let capstone = capstone_with(Settings {
        max_live_views: 2,
        live_keep_alive: SHORT_KEEP_ALIVE,
        ..Settings::default()
    })
    .await;
    let server = serve_live(&capstone).await;
    let mut open = Vec::new();
    for _ in 0..2 {
        let mut events = subscribe(server.addr(), None).await;
        next_dashboard(&mut events, "the dashboard, sent at once").await;
        open.push(events);
    }
    let third = open_live(server.addr(), None).await;
    let status = third.status();
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "with a limit of 2 live views and 2 open, a third GET /dashboard/live should be \
         answered 503 at once; it got {status}. Each stream holds a connection for as long as \
         its client likes, so they need a limit of their own. Take a place with \
         `state.live.views().enter(limit)` and keep it inside the stream (move it into the \
         stream's closure): a place dropped when the handler returns is freed while the \
         stream is still open."
    );
    let body: testkit::Value = tokio::time::timeout(PATIENCE, third.json())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    assert_eq!(
        body["error"], "unavailable",
        "the 503 is `ApiError::Unavailable`, JSON like every error of the service: {body}"
    );

    drop(open.pop());
    let freed = eventually(|| capstone.state.live.views().open() < 2).await;
    assert!(
        freed,
        "{PATIENCE:?} after one of two viewers left, both places were still taken: the place \
         must belong to the response's stream, which hyper drops when the client leaves, not \
         to a task of your own that outlives it"
    );
    let mut again = subscribe(server.addr(), None).await;
    next_dashboard(
        &mut again,
        "the dashboard, for a viewer let in after another left",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_a_client_that_leaves_leaves_nothing_running() {
    let capstone = capstone_with(Settings {
        live_keep_alive: SHORT_KEEP_ALIVE,
        ..Settings::default()
    })
    .await;
    let server = serve_live(&capstone).await;
    let mut events = subscribe(server.addr(), None).await;
    next_dashboard(&mut events, "the dashboard, sent at once").await;
    let live = || capstone.state.live.views().open();
    assert_eq!(
        live(),
        1,
        "one viewer is connected and reading its stream, so one live stream should be \
         counted: the place taken with `state.live.views().enter(..)` stays taken while the \
         stream is open (move it into the stream), and the stream stays open (it never ends \
         by itself)"
    );
    drop(events);

    // The next keep-alive finds the connection closed, and hyper drops the stream.
    let gone = eventually(|| live() == 0).await;
    assert!(
        gone,
        "{PATIENCE:?} after the client left, {} live stream is still counted: something still \
         runs for nobody. The place (and whatever waits for changes) must belong to the \
         response's stream, which hyper drops when the client leaves: a task you spawn to \
         forward dashboards into a channel waits for the next change, and keeps running until \
         then.",
        live()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage7_shutdown_ends_the_open_live_views() {
    let capstone = capstone().await;
    let (addr, stop, server) = serve_until_stopped(&capstone).await;
    let mut events = subscribe(addr, None).await;
    next_dashboard(&mut events, "the dashboard, sent at once").await;

    let _ = stop.send(());
    let returned = tokio::time::timeout(PATIENCE, server).await;
    assert!(
        matches!(returned, Ok(Ok(Ok(())))),
        "`serve` did not return within {PATIENCE:?} of the shutdown signal while a \
         /dashboard/live stream was open ({returned:?}). A graceful shutdown waits for every \
         response to end, and an event stream never ends by itself: end it when the server \
         starts closing, with `.take_until(closing.closed())`."
    );
    let ended = events.next_event(PATIENCE).await;
    assert!(
        ended.is_err(),
        "after the shutdown, the live view should have ended; it sent {ended:?}"
    );
}

// ---------------------------------------------------------------------------------------
// The database pool (db.rs, provided)
// ---------------------------------------------------------------------------------------

/// A request cancelled in the middle of a query (a client that hangs up) costs the pool that
/// connection, and an in-memory database lives only while a connection to it is open: with
/// every connection of the pool gone, the next query must still find the articles.
#[tokio::test]
async fn the_database_outlives_every_pool_connection() {
    let capstone = capstone().await;
    let pool = &capstone.state.db;
    let closed = testkit::db::close_every_connection(pool).await;
    let count: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await;
    assert!(
        matches!(count, Ok(5)),
        "after the pool's {closed} connection(s) closed, as cancelled requests close them, \
         the next query got {count:?}, not the 5 sample articles: the in-memory database went \
         with its last connection. db.rs keeps one connection outside the pool for as long \
         as the pool is open."
    );
}

/// The dashboard runs two queries at once; on a pool of one connection the second would
/// wait for the first, which is the setup chapter 2 teaches to avoid. Two connections held
/// at once must also see one database: `sqlite::memory:` opened twice is two empty ones.
#[tokio::test]
async fn the_pool_holds_two_connections_to_one_database_at_once() {
    let capstone = capstone().await;
    let pool = &capstone.state.db;
    // Generous for a free connection, and short enough to fail well inside the test's limit.
    let within = Duration::from_secs(3);
    let acquire = || tokio::time::timeout(within, pool.acquire());
    let mut first = match acquire().await {
        Ok(Ok(connection)) => connection,
        other => panic!("the pool gave no first connection: {other:?}"),
    };
    let mut second = match acquire().await {
        Ok(Ok(connection)) => connection,
        Ok(Err(e)) => panic!("the pool gave no second connection: {e}"),
        Err(_) => panic!(
            "with one connection out, the pool gave no second one within {within:?}: a pool \
             of one makes the dashboard's queries wait for each other"
        ),
    };
    for connection in [&mut *first, &mut *second] {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&mut *connection)
            .await
            .unwrap_or_else(|e| panic!("a pool connection cannot read the articles: {e}"));
        assert_eq!(
            count, 5,
            "every pool connection should see the sample articles"
        );
    }
}
