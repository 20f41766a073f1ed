//! Concurrency probes: prove that work overlapped (or did not) by counting, not by timing.
//!
//! Wall-clock assertions break on a loaded laptop; counters do not. Wrap the work whose
//! overlap matters in [`InFlight::enter`], then assert on [`InFlight::peak`].
//!
//! [`PATIENCE`] is how long any test waits for something that should happen at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long a test waits for something that should happen at once (a gate to fill, a server
/// to return, a request to be answered) before it fails with its own message.
///
/// Every test's deadline is this, or a part of it. It is a third of the runner's per-test
/// limit (10 s), so that a test whose point is "this never happens" says so, in its own
/// words, even when it waits twice, on a loaded machine. `cargo workshop verify` checks it
/// against the runner's limit, and rejects a longer deadline written into a test.
pub const PATIENCE: Duration = Duration::from_secs(3);

/// Counts how many callers are inside a section right now, the most there ever were at once,
/// and how many entered in total. Clones share the counters.
#[derive(Clone, Debug, Default)]
pub struct InFlight {
    counters: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    current: AtomicUsize,
    peak: AtomicUsize,
    total: AtomicUsize,
}

impl InFlight {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks one caller as inside until the returned guard is dropped.
    #[must_use = "the caller counts as in flight only while the guard lives"]
    pub fn enter(&self) -> InFlightGuard {
        let now = self.counters.current.fetch_add(1, Ordering::SeqCst) + 1;
        self.counters.peak.fetch_max(now, Ordering::SeqCst);
        self.counters.total.fetch_add(1, Ordering::SeqCst);
        InFlightGuard {
            counters: Arc::clone(&self.counters),
        }
    }

    /// The most callers that were ever inside at the same time.
    pub fn peak(&self) -> usize {
        self.counters.peak.load(Ordering::SeqCst)
    }

    /// How many callers are inside now.
    pub fn current(&self) -> usize {
        self.counters.current.load(Ordering::SeqCst)
    }

    /// How many callers ever entered.
    pub fn total(&self) -> usize {
        self.counters.total.load(Ordering::SeqCst)
    }
}

/// Leaves the section when dropped, including when the caller is cancelled mid-`await`.
#[derive(Debug)]
pub struct InFlightGuard {
    counters: Arc<Counters>,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.counters.current.fetch_sub(1, Ordering::SeqCst);
    }
}
