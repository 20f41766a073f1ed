//! The course's load tool: send an endpoint many requests from a few concurrent clients and
//! report what a load tester reports, the median latency (p50), the tail (p99) and the
//! requests answered per second.
//!
//! ```text
//! let before = load::measure_app(app_before, "/dashboard", Load::new(8, 16)).await;
//! let after = load::measure_app(app, "/dashboard", Load::new(8, 16)).await;
//! println!("before: {before}\nafter:  {after}");
//! ```
//!
//! It is small on purpose, and bounded so that it can run inside a test: loopback addresses
//! only (it is for measuring your own server, never someone else's), a capped number of
//! clients and requests, and a patience after which it stops and says how many requests were
//! left unanswered, instead of hanging on a server that never answers. The same loop drives
//! the book's measured charts (`crates/demos`), for a fixed time instead of a fixed count.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;

use crate::TestServer;
use crate::probe::PATIENCE;

/// The most concurrent clients one run may use.
pub const MAX_CLIENTS: usize = 256;
/// The most requests one run may send.
pub const MAX_REQUESTS: usize = 100_000;

/// How hard to load the endpoint: `clients` clients, each sending one request at a time (the
/// next as soon as the last is answered), `requests` requests in all, and no longer than
/// `patience`.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    pub clients: usize,
    pub requests: usize,
    pub patience: Duration,
}

impl Load {
    /// `clients` concurrent clients sending `requests` requests in all (both capped, and at
    /// least 1), with the tests' [`PATIENCE`].
    pub fn new(clients: usize, requests: usize) -> Self {
        Self {
            clients: clients.clamp(1, MAX_CLIENTS),
            requests: requests.clamp(1, MAX_REQUESTS),
            patience: PATIENCE,
        }
    }

    /// Stops the run after `patience`: requests not answered by then count as unanswered.
    pub fn patience(mut self, patience: Duration) -> Self {
        self.patience = patience;
        self
    }
}

/// What one run measured. Latencies are those of the requests answered with a 2xx status.
#[derive(Clone, Debug)]
pub struct Measurement {
    pub clients: usize,
    /// Requests answered with a 2xx status and a complete body.
    pub ok: usize,
    /// Requests answered with another status, or failed (refused, reset).
    pub errors: usize,
    /// Requests not sent or not answered when the patience ran out.
    pub unanswered: usize,
    /// From the first request sent to the last one answered.
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// `ok` divided by `elapsed`.
    pub requests_per_second: f64,
    latencies: Vec<Duration>,
}

impl Measurement {
    /// The latency that `q` of the answered requests (0.5 for p50, 0.99 for p99) stayed
    /// within: the nearest-rank percentile. Zero when nothing was answered.
    pub fn percentile(&self, q: f64) -> Duration {
        percentile(&self.latencies, q)
    }

    /// Every answered request's latency, shortest first.
    pub fn latencies(&self) -> &[Duration] {
        &self.latencies
    }
}

/// One line, the way the page quotes it:
/// `p50 61.8 ms, p99 64.0 ms, 126.3 requests/s (16 answered by 8 clients in 0.127 s)`.
impl fmt::Display for Measurement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "p50 {}, p99 {}, {:.1} requests/s ({} answered by {} client{} in {:.3} s",
            millis(self.p50),
            millis(self.p99),
            self.requests_per_second,
            self.ok,
            self.clients,
            if self.clients == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64(),
        )?;
        if self.errors > 0 {
            write!(f, ", {} failed", self.errors)?;
        }
        if self.unanswered > 0 {
            write!(f, ", {} not answered in time", self.unanswered)?;
        }
        write!(f, ")")
    }
}

/// `61.8 ms`.
pub fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Why a run did not start.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("`{0}` is not a URL: give one like http://127.0.0.1:3000/dashboard")]
    NotAUrl(String),
    #[error(
        "`{0}` is not on this machine: the course's load tool only measures servers on \
         loopback (127.0.0.1, ::1 or localhost)"
    )]
    NotLoopback(String),
    #[error("building the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// Serves `app` on a loopback port for the length of the run and measures `GET path` on it.
pub async fn measure_app(app: Router, path: &str, load: Load) -> Measurement {
    let server = TestServer::start(app).await;
    let client = http_client(load.patience, load.clients);
    measure_with(&client, &server.url(path), load).await
}

/// Measures `GET url`, where `url` is on loopback.
pub async fn measure(url: &str, load: Load) -> Result<Measurement, LoadError> {
    check_loopback(url)?;
    let client = try_http_client(load.patience, load.clients)?;
    Ok(measure_with(&client, url, load).await)
}

/// Measures `GET url` with a client of your own (see [`http_client`]). The URL is checked
/// by [`measure`]; this is for code that already did, such as [`measure_app`].
async fn measure_with(client: &reqwest::Client, url: &str, load: Load) -> Measurement {
    let started = Instant::now();
    let budget = Budget {
        requests: load.requests,
        start_until: started + load.patience,
        answer_by: started + load.patience,
    };
    drive(client, url, load.clients, budget).await
}

/// `clients` concurrent clients each send `GET url` in a loop, one request at a time, until
/// `duration` has passed; the run ends when every client's last request is answered. This
/// is how the book's charts measure throughput (`crates/demos`): a fixed time, not a count.
pub async fn for_duration(
    client: &reqwest::Client,
    url: &str,
    clients: usize,
    duration: Duration,
) -> Measurement {
    let started = Instant::now();
    let budget = Budget {
        requests: usize::MAX,
        start_until: started + duration,
        // The client's own timeout ends a request that never comes back.
        answer_by: started + duration + Duration::from_secs(3600),
    };
    drive(client, url, clients.clamp(1, MAX_CLIENTS), budget).await
}

/// A client for loopback measurements: no proxy (an `HTTP_PROXY` set in the shell would
/// measure the proxy), a connection pool big enough for every client, and a timeout so a
/// stuck server ends the run instead of hanging it.
pub fn http_client(timeout: Duration, clients: usize) -> reqwest::Client {
    try_http_client(timeout, clients).expect("a reqwest client with these settings always builds")
}

fn try_http_client(timeout: Duration, clients: usize) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(clients.max(1))
        .timeout(timeout)
        .build()
}

/// Refuses a URL that is not `http(s)://` on loopback: the tool measures your own server only.
pub fn check_loopback(url: &str) -> Result<(), LoadError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| LoadError::NotAUrl(url.to_owned()))?;
    let Some(host) = parsed.host_str() else {
        return Err(LoadError::NotAUrl(url.to_owned()));
    };
    // `host_str` keeps an IPv6 address in its brackets: `[::1]`.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    };
    if loopback && matches!(parsed.scheme(), "http" | "https") {
        Ok(())
    } else if loopback {
        Err(LoadError::NotAUrl(url.to_owned()))
    } else {
        Err(LoadError::NotLoopback(url.to_owned()))
    }
}

/// When a run stops: after `requests` requests, no new request after `start_until`, and
/// nothing waited for after `answer_by`.
#[derive(Clone, Copy)]
struct Budget {
    requests: usize,
    start_until: Instant,
    answer_by: Instant,
}

enum Outcome {
    Ok(Duration),
    Failed,
    Unanswered,
}

async fn drive(client: &reqwest::Client, url: &str, clients: usize, budget: Budget) -> Measurement {
    let tickets = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, tickets) = (client.clone(), url.to_owned(), Arc::clone(&tickets));
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                while Instant::now() < budget.start_until
                    && tickets.fetch_add(1, Ordering::Relaxed) < budget.requests
                {
                    outcomes.push(one_request(&client, &url, budget.answer_by).await);
                }
                outcomes
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let (mut errors, mut unanswered) = (0, 0);
    for task in tasks {
        // A client task only ends by returning (nothing in it panics).
        for outcome in task.await.unwrap_or_default() {
            match outcome {
                Outcome::Ok(latency) => latencies.push(latency),
                Outcome::Failed => errors += 1,
                Outcome::Unanswered => unanswered += 1,
            }
        }
    }
    let elapsed = started.elapsed();
    let sent = latencies.len() + errors + unanswered;
    if budget.requests != usize::MAX {
        unanswered += budget.requests.saturating_sub(sent);
    }
    latencies.sort();
    let ok = latencies.len();
    Measurement {
        clients,
        ok,
        errors,
        unanswered,
        elapsed,
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
        max: latencies.last().copied().unwrap_or_default(),
        requests_per_second: ok as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
        latencies,
    }
}

async fn one_request(client: &reqwest::Client, url: &str, answer_by: Instant) -> Outcome {
    let sent = Instant::now();
    let request = async {
        let response = client.get(url).send().await.ok()?;
        let success = response.status().is_success();
        let body = response.bytes().await.ok();
        Some(success && body.is_some())
    };
    match tokio::time::timeout_at(answer_by.into(), request).await {
        Ok(Some(true)) => Outcome::Ok(sent.elapsed()),
        Ok(_) => Outcome::Failed,
        Err(_) => Outcome::Unanswered,
    }
}

/// The nearest-rank percentile of `sorted` (shortest first): the smallest latency that at
/// least `q` of the values are at or below.
fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let ms: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&ms, 0.5), Duration::from_millis(50));
        assert_eq!(percentile(&ms, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&ms[..3], 0.5), Duration::from_millis(2));
        assert_eq!(percentile(&ms[..1], 0.99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn only_loopback() {
        assert!(check_loopback("http://127.0.0.1:3000/dashboard").is_ok());
        assert!(check_loopback("http://localhost:3000/").is_ok());
        assert!(check_loopback("http://[::1]:3000/").is_ok());
        assert!(matches!(
            check_loopback("http://example.com/"),
            Err(LoadError::NotLoopback(_))
        ));
        assert!(matches!(
            check_loopback("http://10.0.0.1/"),
            Err(LoadError::NotLoopback(_))
        ));
        assert!(matches!(
            check_loopback("dashboard"),
            Err(LoadError::NotAUrl(_))
        ));
    }
}
