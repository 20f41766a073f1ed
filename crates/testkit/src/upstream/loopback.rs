//! A fake upstream served by axum on a loopback port, for what wiremock cannot observe:
//! how many requests were in flight at once, how many connections the client opened, and
//! whether the client went away before the answer was finished.
//!
//! ```text
//! let probe = InFlight::new();
//! let gate = Gate::new(3, Duration::from_secs(3));
//! let news = LoopbackUpstream::builder(Service::News).probe(&probe).gate(&gate).start().await;
//! // ... the app calls news.url() ...
//! assert_eq!(probe.peak(), 3);
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{Gate, Service, quote, wait_until};
use crate::InFlight;

/// A fake upstream on `127.0.0.1:0`. It stops when dropped.
pub struct LoopbackUpstream {
    service: Service,
    addr: SocketAddr,
    stats: Arc<Stats>,
    task: JoinHandle<()>,
}

/// How a [`LoopbackUpstream`] behaves. Every request: enters the probe, waits at the gate,
/// is held for `hold`, then is answered with the service's sample.
#[must_use = "the fake starts with `.start().await`"]
pub struct LoopbackBuilder {
    service: Service,
    probe: InFlight,
    gate: Option<Gate>,
    hold: Duration,
    unknown_symbols: Vec<String>,
    slow_symbols: Vec<(String, Duration)>,
}

#[derive(Debug, Default)]
struct Stats {
    connections: AtomicUsize,
    started: AtomicUsize,
    finished: AtomicUsize,
    abandoned: AtomicUsize,
}

/// What the running fake's handlers share: the builder's settings and the counters.
struct Behaviour {
    settings: LoopbackBuilder,
    stats: Arc<Stats>,
}

impl LoopbackUpstream {
    pub fn builder(service: Service) -> LoopbackBuilder {
        LoopbackBuilder {
            service,
            probe: InFlight::new(),
            gate: None,
            hold: Duration::ZERO,
            unknown_symbols: Vec::new(),
            slow_symbols: Vec::new(),
        }
    }

    pub fn service(&self) -> Service {
        self.service
    }

    /// The base URL to configure the app with: `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// TCP connections the client opened. A client that keeps its connection pool reuses
    /// them; a client built for each request opens one per request.
    pub fn connections(&self) -> usize {
        self.stats.connections.load(Ordering::SeqCst)
    }

    /// Requests that reached the fake.
    pub fn started(&self) -> usize {
        self.stats.started.load(Ordering::SeqCst)
    }

    /// Requests the fake answered in full.
    pub fn finished(&self) -> usize {
        self.stats.finished.load(Ordering::SeqCst)
    }

    /// Requests the client gave up on before the fake had answered: the client dropped the
    /// call, its connection closed, and the fake's handler was dropped mid-way.
    pub fn abandoned(&self) -> usize {
        self.stats.abandoned.load(Ordering::SeqCst)
    }

    /// Waits (up to `patience`) until `count` requests have either finished or been
    /// abandoned. Returns whether they had.
    pub async fn settled(&self, count: usize, patience: Duration) -> bool {
        wait_until(patience, || self.finished() + self.abandoned() >= count).await
    }
}

impl Drop for LoopbackUpstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LoopbackBuilder {
    /// Counts this fake's requests in `probe`. Give several fakes the same probe to see how
    /// many of all their requests were in flight at once.
    pub fn probe(mut self, probe: &InFlight) -> Self {
        self.probe = probe.clone();
        self
    }

    /// Makes every request wait at `gate` (shared with other fakes) before it is answered.
    pub fn gate(mut self, gate: &Gate) -> Self {
        self.gate = Some(gate.clone());
        self
    }

    /// Holds every request this long (after the gate) before answering: latency.
    pub fn hold(mut self, hold: Duration) -> Self {
        self.hold = hold;
        self
    }

    /// Stocks only: `GET /v1/quotes/{symbol}` answers `404` for these symbols.
    pub fn unknown_symbols(mut self, symbols: &[&str]) -> Self {
        self.unknown_symbols = symbols.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Stocks only: `GET /v1/quotes/{symbol}` for `symbol` is held `hold` instead, so its
    /// answer comes after the others'.
    pub fn slow_symbol(mut self, symbol: &str, hold: Duration) -> Self {
        self.slow_symbols.push((symbol.to_owned(), hold));
        self
    }

    pub async fn start(self) -> LoopbackUpstream {
        let stats = Arc::new(Stats::default());
        let service = self.service;
        let behaviour = Arc::new(Behaviour {
            settings: self,
            stats: Arc::clone(&stats),
        });
        let mut router = Router::new().route(service.path(), get(main_endpoint));
        if service == Service::Stocks {
            router = router.route("/v1/quotes/{symbol}", get(one_quote));
        }
        let router = router.with_state(behaviour);

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a loopback port for a fake upstream");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let counted = Arc::clone(&stats);
        let listener = listener.tap_io(move |_| {
            counted.connections.fetch_add(1, Ordering::SeqCst);
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        LoopbackUpstream {
            service,
            addr,
            stats,
            task,
        }
    }
}

async fn main_endpoint(State(behaviour): State<Arc<Behaviour>>) -> Response {
    behaviour
        .answer(behaviour.settings.hold, |service| {
            Json(service.sample()).into_response()
        })
        .await
}

async fn one_quote(
    State(behaviour): State<Arc<Behaviour>>,
    Path(symbol): Path<String>,
) -> Response {
    let unknown = behaviour.settings.unknown_symbols.contains(&symbol);
    let hold = behaviour
        .settings
        .slow_symbols
        .iter()
        .find(|(slow, _)| *slow == symbol)
        .map_or(behaviour.settings.hold, |(_, hold)| *hold);
    behaviour
        .answer(hold, move |_| {
            if unknown {
                let error = json!({ "error": { "code": 404, "message": format!("unknown symbol {symbol}") } });
                (StatusCode::NOT_FOUND, Json(error)).into_response()
            } else {
                Json(quote(&symbol)).into_response()
            }
        })
        .await
}

impl Behaviour {
    async fn answer(&self, hold: Duration, body: impl FnOnce(Service) -> Response) -> Response {
        let _in_flight = self.settings.probe.enter();
        let request = Started::new(&self.stats);
        if let Some(gate) = &self.settings.gate {
            gate.pass().await;
        }
        if !hold.is_zero() {
            tokio::time::sleep(hold).await;
        }
        request.finish();
        body(self.settings.service)
    }
}

/// One request being served. If it is dropped before [`Started::finish`], the client went
/// away first: hyper drops a handler whose connection closed, and this guard notices.
struct Started<'a> {
    stats: &'a Stats,
    finished: bool,
}

impl<'a> Started<'a> {
    fn new(stats: &'a Stats) -> Self {
        stats.started.fetch_add(1, Ordering::SeqCst);
        Self {
            stats,
            finished: false,
        }
    }

    fn finish(mut self) {
        self.finished = true;
        self.stats.finished.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for Started<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.stats.abandoned.fetch_add(1, Ordering::SeqCst);
        }
    }
}
