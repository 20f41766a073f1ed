//! Local fake upstreams: the news, weather and stocks services the dashboard calls, served on
//! loopback ports so that `cargo run` needs no network. Each can be made slow, made to fail, or
//! held (its answers wait until released), and counts its calls; the tests use that to see
//! what the dashboard did without reading a clock.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use tokio::sync::watch;

/// The three services, each on its own port.
pub struct FakeUpstreams {
    pub news: FakeService,
    pub weather: FakeService,
    pub stocks: FakeService,
    together: Arc<Overlap>,
}

/// One fake service. Clones share the same controls and counters.
#[derive(Clone)]
pub struct FakeService {
    url: String,
    controls: Arc<Controls>,
    together: Arc<Overlap>,
}

struct Controls {
    answer: fn() -> Value,
    latency_ms: AtomicU64,
    failing: AtomicBool,
    held: watch::Sender<bool>,
    calls: AtomicUsize,
}

/// Calls in progress across the three services, and the most there ever were at once.
#[derive(Default)]
struct Overlap {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl FakeUpstreams {
    /// Starts the three services on loopback in the current runtime; each answers after
    /// `latency`.
    pub async fn start(latency: Duration) -> io::Result<Self> {
        let together = Arc::new(Overlap::default());
        Ok(Self {
            news: FakeService::start("/headlines", headlines, latency, &together).await?,
            weather: FakeService::start("/current", weather, latency, &together).await?,
            stocks: FakeService::start("/quotes", quotes, latency, &together).await?,
            together,
        })
    }

    pub fn all(&self) -> [&FakeService; 3] {
        [&self.news, &self.weather, &self.stocks]
    }

    /// Calls in progress right now, across the three services.
    pub fn in_flight(&self) -> usize {
        self.together.in_flight.load(Ordering::SeqCst)
    }

    /// The most calls ever in progress at once, across the three services.
    pub fn peak_in_flight(&self) -> usize {
        self.together.peak.load(Ordering::SeqCst)
    }
}

impl FakeService {
    async fn start(
        path: &str,
        answer: fn() -> Value,
        latency: Duration,
        together: &Arc<Overlap>,
    ) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let service = Self {
            url: format!("http://{}", listener.local_addr()?),
            controls: Arc::new(Controls {
                answer,
                latency_ms: AtomicU64::new(millis(latency)),
                failing: AtomicBool::new(false),
                held: watch::Sender::new(false),
                calls: AtomicUsize::new(0),
            }),
            together: Arc::clone(together),
        };
        let app = Router::new()
            .route(path, get(respond))
            .with_state(service.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                eprintln!("a fake upstream stopped: {e}");
            }
        });
        Ok(service)
    }

    /// The base URL the dashboard is configured with.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn set_latency(&self, latency: Duration) {
        self.controls
            .latency_ms
            .store(millis(latency), Ordering::SeqCst);
    }

    /// A failing service answers `503 Service Unavailable`.
    pub fn set_failing(&self, failing: bool) {
        self.controls.failing.store(failing, Ordering::SeqCst);
    }

    /// From now on, answers wait until [`FakeService::release`].
    pub fn hold(&self) {
        self.controls.held.send_replace(true);
    }

    /// Lets every held answer go, and answers at once from now on.
    pub fn release(&self) {
        self.controls.held.send_replace(false);
    }

    /// How many requests this service has received.
    pub fn calls(&self) -> usize {
        self.controls.calls.load(Ordering::SeqCst)
    }
}

async fn respond(State(service): State<FakeService>) -> Response {
    let controls = &service.controls;
    controls.calls.fetch_add(1, Ordering::SeqCst);
    let _in_flight = InFlight::enter(&service.together);
    let latency = Duration::from_millis(controls.latency_ms.load(Ordering::SeqCst));
    tokio::time::sleep(latency).await;
    let mut held = controls.held.subscribe();
    let _ = held.wait_for(|held| !*held).await;
    if controls.failing.load(Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "down for maintenance").into_response();
    }
    Json((controls.answer)()).into_response()
}

/// Counts one call as in progress until dropped (also when the caller gives up on it).
struct InFlight<'a>(&'a Overlap);

impl<'a> InFlight<'a> {
    fn enter(overlap: &'a Overlap) -> Self {
        let now = overlap.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        overlap.peak.fetch_max(now, Ordering::SeqCst);
        Self(overlap)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn headlines() -> Value {
    json!({ "headlines": [
        { "title": "Rust 2024 edition lands in the workshop", "source": "The Crab Times" },
        { "title": "Async ORM: the last sync holdouts", "source": "The Pony Post" },
    ]})
}

fn weather() -> Value {
    json!({ "city": "Lyon", "temperature_c": 21.5, "summary": "sunny" })
}

fn quotes() -> Value {
    json!({ "quotes": [
        { "symbol": "CRAB", "price": 42.0 },
        { "symbol": "PONY", "price": 17.5 },
    ]})
}
