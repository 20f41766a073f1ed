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
use capstone_dashboard::{AppState, Config, Renderer, app, export, serve};
use testkit::futures::future::join_all;
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
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            section_timeout: RELAXED_BUDGET,
            cache_ttl: Duration::from_secs(60),
            renderer: Arc::new(export::plain_text),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage6_shutdown_finishes_the_dashboard_in_flight() {
    let capstone = capstone().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a loopback port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(serve(listener, app(capstone.state.clone()), async {
        let _ = stopped.await;
    }));

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
