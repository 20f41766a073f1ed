//! Fake upstream services on wiremock: canned answers, latency, failures, and call counts that
//! are checked when the test ends.
//!
//! ```text
//! let news = FakeUpstream::start(Service::News).await;
//! news.replies(Reply::status(503)).up_to_n_times(2).mount().await; // the first two calls
//! news.replies(Reply::ok().after(Duration::from_millis(50))).mount().await; // then this
//! // ... point the app at news.url() and send requests ...
//! ```
//!
//! Every reply states how many calls it expects (exactly one unless told otherwise). When the
//! fake is dropped at the end of the test, it checks them and fails the test with a sentence
//! naming the service, the reply and the counts, so a learner reads "news was called 3 times
//! for `404 Not Found`, expected exactly 1" rather than a mock's internal number.

use std::fmt;
use std::ops::{RangeFrom, RangeFull, RangeInclusive};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::Service;

/// A fake of one upstream service, served by wiremock on a loopback port.
pub struct FakeUpstream {
    service: Service,
    server: MockServer,
    replies: Mutex<Vec<Mounted>>,
    unexpected: Arc<Mutex<Vec<String>>>,
}

impl FakeUpstream {
    /// Starts a fake of `service` with no replies yet: until one is mounted, every request is
    /// answered `404` and reported as unexpected when the test ends.
    pub async fn start(service: Service) -> Self {
        // A server of its own, not one from wiremock's pool: a pooled server is handed to
        // the next test while a request another test's app already sent (and then dropped,
        // as `try_join!` does) may still be on its way to it.
        let server = MockServer::builder().start().await;
        let unexpected = Arc::new(Mutex::new(Vec::new()));
        // The lowest priority: only requests that no reply matches land here.
        Mock::given(any())
            .respond_with(Unexpected {
                service,
                seen: Arc::clone(&unexpected),
            })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        Self {
            service,
            server,
            replies: Mutex::new(Vec::new()),
            unexpected,
        }
    }

    /// Starts a fake that answers its main endpoint with the service's sample, once.
    pub async fn answering_once(service: Service) -> Self {
        let fake = Self::start(service).await;
        fake.replies(Reply::ok()).mount().await;
        fake
    }

    pub fn service(&self) -> Service {
        self.service
    }

    /// The base URL to configure the app with: `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// Starts describing how the fake answers `GET` on its main endpoint (see [`Mounting`]).
    pub fn replies(&self, reply: Reply) -> Mounting<'_> {
        Mounting {
            fake: self,
            reply,
            path: self.service.path().to_owned(),
            up_to: None,
            calls: None,
            because: None,
        }
    }

    /// How many requests reached one of the mounted replies.
    pub fn calls(&self) -> usize {
        self.lock_replies().iter().map(|r| r.record.count()).sum()
    }

    /// When each request reached a mounted reply, in arrival order.
    pub fn arrivals(&self) -> Vec<Instant> {
        let mut all: Vec<Instant> = self
            .lock_replies()
            .iter()
            .flat_map(|r| r.record.arrivals())
            .collect();
        all.sort();
        all
    }

    /// Fails the test if a reply was used more or less often than it expected, or if a
    /// request reached the fake that no reply matches. Runs by itself when the fake is dropped;
    /// call it to check at a point of your choosing.
    #[track_caller]
    pub fn verify(&self) {
        if let Some(problem) = self.problem() {
            panic!("{problem}");
        }
    }

    fn problem(&self) -> Option<String> {
        let unexpected = self
            .unexpected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(first) = unexpected.first() {
            let mounted: Vec<String> = self
                .lock_replies()
                .iter()
                .map(|r| format!("GET {}", r.path))
                .collect();
            return Some(format!(
                "The fake {} service received `{first}`, which it has no answer for \
                 (it serves {}). Check the URL your code builds: the configured base URL \
                 followed by the endpoint's path.\nAll unexpected requests: {unexpected:?}",
                self.service,
                if mounted.is_empty() {
                    "nothing yet".to_owned()
                } else {
                    mounted.join(", ")
                },
            ));
        }
        self.lock_replies().iter().find_map(|reply| {
            let got = reply.record.count() as u64;
            if reply.calls.contains(got) {
                return None;
            }
            let advice = reply.because.clone().unwrap_or_else(|| {
                if got == 0 {
                    format!(
                        "Your code never sent `GET {}` to the {} service.",
                        reply.path, self.service
                    )
                } else {
                    "Your code called it more often than it should.".to_owned()
                }
            });
            Some(format!(
                "The fake {} service was called {got} time{} for the reply `{}`, expected {}. \
                 {advice}",
                self.service,
                if got == 1 { "" } else { "s" },
                reply.described,
                reply.calls,
            ))
        })
    }

    fn lock_replies(&self) -> std::sync::MutexGuard<'_, Vec<Mounted>> {
        self.replies.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for FakeUpstream {
    fn drop(&mut self) {
        // A test that already failed has said what went wrong; a second panic would abort.
        if std::thread::panicking() {
            return;
        }
        if let Some(problem) = self.problem() {
            panic!("{problem}");
        }
    }
}

impl fmt::Debug for FakeUpstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeUpstream")
            .field("service", &self.service)
            .field("url", &self.url())
            .field("calls", &self.calls())
            .finish()
    }
}

/// One way of answering, being mounted on a [`FakeUpstream`].
#[must_use = "a reply does nothing until `.mount().await`"]
pub struct Mounting<'a> {
    fake: &'a FakeUpstream,
    reply: Reply,
    path: String,
    up_to: Option<u64>,
    calls: Option<Calls>,
    because: Option<String>,
}

impl Mounting<'_> {
    /// Answers another path of the same service, such as `/v1/quotes/ACME`.
    pub fn at(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }

    /// Answers only the next `n` calls; later calls go to the reply mounted after this one.
    /// This is how a test says "503 twice, then 200". Expects exactly `n` calls unless
    /// [`Self::expect`] says otherwise.
    pub fn up_to_n_times(mut self, n: u64) -> Self {
        self.up_to = Some(n);
        self
    }

    /// How many calls this reply expects: `1`, `0..=1`, `2..`. The default is exactly one
    /// (exactly `n` after [`Self::up_to_n_times`]).
    pub fn expect(mut self, calls: impl Into<Calls>) -> Self {
        self.calls = Some(calls.into());
        self
    }

    /// The sentence the learner reads when the count is wrong: say what the code should do.
    pub fn because(mut self, why: &str) -> Self {
        self.because = Some(why.to_owned());
        self
    }

    pub async fn mount(self) {
        let calls = self
            .calls
            .unwrap_or_else(|| Calls::exactly(self.up_to.unwrap_or(1)));
        let record = Arc::new(Record::default());
        let described = self.reply.describe();
        let mut mock = Mock::given(method("GET"))
            .and(path(self.path.as_str()))
            .respond_with(Recording {
                template: self.reply.template(self.fake.service),
                record: Arc::clone(&record),
            })
            .expect(calls.to_wiremock())
            .named(format!("{} {} {described}", self.fake.service, self.path));
        if let Some(n) = self.up_to {
            mock = mock.up_to_n_times(n);
        }
        mock.mount(&self.fake.server).await;
        self.fake.lock_replies().push(Mounted {
            path: self.path,
            described,
            calls,
            because: self.because,
            record,
        });
    }
}

struct Mounted {
    path: String,
    described: String,
    calls: Calls,
    because: Option<String>,
    record: Arc<Record>,
}

#[derive(Default)]
struct Record {
    arrivals: Mutex<Vec<Instant>>,
}

impl Record {
    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn count(&self) -> usize {
        self.arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Counts each request it answers, and when it arrived.
struct Recording {
    template: ResponseTemplate,
    record: Arc<Record>,
}

impl Respond for Recording {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.record
            .arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Instant::now());
        self.template.clone()
    }
}

/// Answers requests no reply matches, and remembers them for the end-of-test check.
struct Unexpected {
    service: Service,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Respond for Unexpected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let described = match request.url.query() {
            Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
            None => format!("{} {}", request.method, request.url.path()),
        };
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(described);
        ResponseTemplate::new(404).set_body_json(json!({
            "error": { "code": 404, "message": format!("the {} service has no such endpoint", self.service) }
        }))
    }
}

/// What a fake answers: a status, a body and how long it takes.
#[derive(Clone, Debug)]
pub struct Reply {
    status: StatusCode,
    body: Body,
    delay: Option<Duration>,
}

#[derive(Clone, Debug)]
enum Body {
    /// The service's sample ([`Service::sample`]).
    Sample,
    Json(Value),
    /// The service's cut-off body ([`Service::malformed_sample`]).
    Malformed,
    /// `{"error": {"code": 503, "message": "Service Unavailable"}}`, as APIs answer errors.
    Error,
}

impl Reply {
    /// `200 OK` with the service's sample body.
    pub fn ok() -> Self {
        Self {
            status: StatusCode::OK,
            body: Body::Sample,
            delay: None,
        }
    }

    /// `200 OK` with this JSON body.
    pub fn json(value: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Body::Json(value),
            delay: None,
        }
    }

    /// An error status (`500`, `503`, `404`, ...) with a JSON error body.
    pub fn status(code: u16) -> Self {
        Self {
            status: StatusCode::from_u16(code).expect("the test uses a valid HTTP status code"),
            body: Body::Error,
            delay: None,
        }
    }

    /// `200 OK`, `content-type: application/json`, and a body cut off mid-document.
    pub fn malformed_json() -> Self {
        Self {
            status: StatusCode::OK,
            body: Body::Malformed,
            delay: None,
        }
    }

    /// The same answer, sent only after `delay`: latency, or "slower than any timeout".
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// How long the fake waits before answering, if it waits.
    pub fn delay(&self) -> Option<Duration> {
        self.delay
    }

    fn describe(&self) -> String {
        let what = match &self.body {
            Body::Sample => format!("{} with the sample body", self.status),
            Body::Json(_) => format!("{} with a JSON body", self.status),
            Body::Malformed => format!("{} with malformed JSON", self.status),
            Body::Error => self.status.to_string(),
        };
        match self.delay {
            Some(delay) => format!("{what}, after {delay:?}"),
            None => what,
        }
    }

    fn template(&self, service: Service) -> ResponseTemplate {
        let template = ResponseTemplate::new(self.status.as_u16());
        let template = match &self.body {
            Body::Sample => template.set_body_json(service.sample()),
            Body::Json(value) => template.set_body_json(value),
            Body::Malformed => {
                template.set_body_raw(service.malformed_sample(), "application/json")
            }
            Body::Error => template.set_body_json(json!({
                "error": {
                    "code": self.status.as_u16(),
                    "message": self.status.canonical_reason().unwrap_or("error"),
                }
            })),
        };
        match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

/// How many calls a reply expects. Built from a number or a range:
/// `1`, `0..=1`, `2..`, `..` (any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calls {
    min: u64,
    max: Option<u64>,
}

impl Calls {
    pub fn exactly(n: u64) -> Self {
        Self {
            min: n,
            max: Some(n),
        }
    }

    pub fn contains(&self, n: u64) -> bool {
        n >= self.min && self.max.is_none_or(|max| n <= max)
    }

    fn to_wiremock(self) -> wiremock::Times {
        match self.max {
            Some(max) if max == self.min => max.into(),
            Some(max) => (self.min..=max).into(),
            None => (self.min..).into(),
        }
    }
}

impl From<u64> for Calls {
    fn from(n: u64) -> Self {
        Self::exactly(n)
    }
}

impl From<RangeInclusive<u64>> for Calls {
    fn from(range: RangeInclusive<u64>) -> Self {
        Self {
            min: *range.start(),
            max: Some(*range.end()),
        }
    }
}

impl From<RangeFrom<u64>> for Calls {
    fn from(range: RangeFrom<u64>) -> Self {
        Self {
            min: range.start,
            max: None,
        }
    }
}

impl From<RangeFull> for Calls {
    fn from(_: RangeFull) -> Self {
        Self { min: 0, max: None }
    }
}

impl fmt::Display for Calls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) if max == self.min => write!(f, "exactly {max}"),
            Some(max) => write!(f, "between {} and {max}", self.min),
            None => write!(f, "at least {}", self.min),
        }
    }
}
