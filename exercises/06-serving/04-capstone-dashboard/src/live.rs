//! Stage 7: `GET /dashboard/live`, the dashboard as server-sent events (chapter 7's live
//! feed, on the capstone). A viewer gets the dashboard at once, then a new event each time the
//! dashboard changes, each with an id; an idle stream sends keep-alives; a browser that
//! reconnects with `Last-Event-ID` gets nothing it already has.
//!
//! Unlike chapter 7's feed, the dashboard is a snapshot, not a log: a client that missed three
//! changes needs only the last dashboard. So an event's id names a version of the dashboard,
//! and resuming means "send the current version unless the client has it".
//!
//! Provided: [`LiveDashboard`] (the version shown, and the open streams), [`changes`] (the
//! versions to send one client) and [`event`]. Yours: [`dashboard_live`], the endpoint.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::response::sse::Event;
use futures::Stream;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use crate::dashboard::{self, Dashboard};
use crate::server::Closing;
use crate::{ApiError, AppState};

/// The `event:` name of every dashboard, what `EventSource.addEventListener` listens for.
pub const EVENT_NAME: &str = "dashboard";

/// One version of the dashboard, as live viewers are sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// Its event id: a new one for every dashboard that differs from the one before.
    pub id: u64,
    /// The dashboard as JSON, the body `GET /dashboard` would answer.
    pub json: Arc<str>,
}

/// What live viewers see: the last dashboard shown, and how many streams are open.
pub struct LiveDashboard {
    shown: watch::Sender<Option<Shown>>,
    /// Bumped when the data under the dashboard changed (a view was counted): every stream
    /// then asks for a new dashboard.
    stale: watch::Sender<u64>,
    views: LiveViews,
    /// The id before the first dashboard's.
    first_id: u64,
}

impl Default for LiveDashboard {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveDashboard {
    pub fn new() -> Self {
        // Ids start at the time the service started, in milliseconds, instead of 1: a browser
        // that reconnects to a restarted service sends an id from the old one, which then
        // names no dashboard here, so it gets the current one instead of nothing.
        let first_id = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| u64::try_from(since.as_millis()).unwrap_or(0));
        Self {
            shown: watch::Sender::new(None),
            stale: watch::Sender::new(0),
            views: LiveViews::default(),
            first_id,
        }
    }

    /// The open streams.
    pub fn views(&self) -> &LiveViews {
        &self.views
    }

    /// The dashboard live viewers see now, if one was shown yet.
    pub fn current(&self) -> Option<Shown> {
        self.shown.borrow().clone()
    }

    /// Shows `dashboard` to every live viewer, under a new id, if it differs from the one
    /// shown; the same dashboard again changes nothing (and sends nothing).
    pub fn show(&self, dashboard: &Dashboard) {
        let json = match serde_json::to_string(dashboard) {
            Ok(json) => json,
            Err(e) => {
                eprintln!("cannot show the dashboard live: {e}");
                return;
            }
        };
        self.shown.send_if_modified(|shown| {
            if shown.as_ref().is_some_and(|shown| *shown.json == *json) {
                return false;
            }
            let id = shown.as_ref().map_or(self.first_id, |shown| shown.id) + 1;
            *shown = Some(Shown {
                id,
                json: json.into(),
            });
            true
        });
    }

    /// Tells every stream that the data under the dashboard changed.
    fn stale(&self) {
        self.stale
            .send_modify(|generation| *generation = generation.wrapping_add(1));
    }
}

/// Called when a write changed what the dashboard shows: the cached dashboard is forgotten,
/// and every live view asks for a new one (one build, shared through the cache).
pub fn data_changed(state: &AppState) {
    state.cache.expire();
    state.live.stale();
}

/// How many `/dashboard/live` streams are open. Clones share the count.
#[derive(Clone, Debug, Default)]
pub struct LiveViews {
    open: Arc<AtomicUsize>,
}

impl LiveViews {
    /// Streams open right now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// A place for one more stream if fewer than `limit` are open. The place is freed when
    /// the [`LiveView`] is dropped.
    pub fn enter(&self, limit: usize) -> Option<LiveView> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |open| {
                (open < limit).then_some(open + 1)
            })
            .ok()?;
        Some(LiveView {
            open: Arc::clone(&self.open),
        })
    }
}

/// One open stream's place, counted until dropped.
#[derive(Debug)]
pub struct LiveView {
    open: Arc<AtomicUsize>,
}

impl Drop for LiveView {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The dashboards to send one client: the current one at once, unless its id is `has` (the
/// client's `Last-Event-ID`), then each new one. It asks for a new dashboard (through the
/// cache, so the viewers share one build) when a view is counted, and every `cache_ttl`, so
/// a change in the services shows too. It never ends by itself.
pub fn changes(state: AppState, has: Option<u64>) -> impl Stream<Item = Shown> + Send + 'static {
    // At most one refresh per 100 ms, whatever the ttl: `interval` cannot tick every 0 s.
    let every = state.config.cache_ttl.max(Duration::from_millis(100));
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let watching = Watching {
        shown: state.live.shown.subscribe(),
        stale: state.live.stale.subscribe(),
        state,
        sent: has,
        refresh: true,
        ticks,
    };
    futures::stream::unfold(watching, |mut watching| async move {
        let shown = watching.next().await?;
        Some((shown, watching))
    })
}

struct Watching {
    state: AppState,
    shown: watch::Receiver<Option<Shown>>,
    stale: watch::Receiver<u64>,
    /// The id of the dashboard the client has.
    sent: Option<u64>,
    /// Ask for a new dashboard before looking at the one shown.
    refresh: bool,
    ticks: tokio::time::Interval,
}

impl Watching {
    async fn next(&mut self) -> Option<Shown> {
        loop {
            if std::mem::take(&mut self.refresh) {
                refresh(&self.state).await;
            }
            let shown = self.shown.borrow_and_update().clone();
            if let Some(shown) = shown.filter(|shown| Some(shown.id) != self.sent) {
                self.sent = Some(shown.id);
                return Some(shown);
            }
            tokio::select! {
                changed = self.shown.changed() => changed.ok()?,
                changed = self.stale.changed() => {
                    changed.ok()?;
                    self.refresh = true;
                }
                _ = self.ticks.tick() => self.refresh = true,
            }
        }
    }
}

/// The cache's dashboard (built if it is not fresh), shown to the live viewers.
async fn refresh(state: &AppState) {
    match state.cache.get_or_build(|| dashboard::build(state)).await {
        Ok((dashboard, _)) => state.live.show(&dashboard),
        // The viewers keep the last dashboard; the next change or tick asks again.
        Err(e) => eprintln!("the live dashboard could not be built: {e}"),
    }
}

/// One dashboard as an event: its id, the name [`EVENT_NAME`], and the JSON as data.
pub fn event(shown: &Shown) -> Event {
    Event::default()
        .id(shown.id.to_string())
        .event(EVENT_NAME)
        .data(&*shown.json)
}

/// `GET /dashboard/live`: the dashboard, then each change, as server-sent events.
pub async fn dashboard_live(
    State(state): State<AppState>,
    closing: Closing,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // TODO (stage 7): answer with server-sent events (`axum::response::sse::Sse`):
    // - first take a place among the open streams with
    //   `state.live.views().enter(state.config.max_live_views)`; with none free, answer
    //   `ApiError::Unavailable` with a message that says why. The place must stay taken
    //   while the stream is open, and be freed when it is dropped;
    // - the dashboards to send are `changes(state, id)`, with `id` the number in the
    //   `Last-Event-ID` header (`None` when absent or not a number); each one is `event(..)`;
    // - end the stream when `closing.closed()` completes, or a graceful shutdown never ends;
    // - keep an idle stream alive every `state.config.live_keep_alive`.
    let _ = (state, closing, headers);
    todo!("stream the dashboard as server-sent events")
}
