//! A stand-in for a slow reporting library that has two APIs: an old synchronous one that
//! blocks its thread, and an async one. Every call takes until `meeting` calls are in progress
//! at the same time (or until `patience` runs out). That is how the tests see, without a
//! clock, whether two calls ever overlapped: if they can, they meet and return at once; if the
//! server runs them one at a time, each waits out its patience alone.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct Reports {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    meeting: usize,
    patience: Duration,
    counters: Mutex<Counters>,
    /// Wakes blocked (synchronous) callers when the meeting is complete.
    arrived: Condvar,
    /// Wakes async callers when the meeting is complete.
    arrived_async: Notify,
}

#[derive(Debug, Default)]
struct Counters {
    in_progress: usize,
    peak: usize,
    completed: usize,
}

/// What a report call answers: which handler rendered it, and whether it met another call.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub rendered_by: &'static str,
    pub overlapped: bool,
}

impl Reports {
    /// Calls wait until `meeting` of them are in progress at once, or `patience` has passed.
    pub fn new(meeting: usize, patience: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                meeting,
                patience,
                counters: Mutex::default(),
                arrived: Condvar::new(),
                arrived_async: Notify::new(),
            }),
        }
    }

    /// The synchronous API: blocks the calling thread. Never call it on a runtime thread.
    pub fn render_blocking(&self, rendered_by: &'static str) -> Report {
        let _call = self.enter();
        let deadline = Instant::now() + self.inner.patience;
        let mut counters = self.counters();
        while counters.peak < self.inner.meeting {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            counters = self
                .inner
                .arrived
                .wait_timeout(counters, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        Report {
            rendered_by,
            overlapped: counters.peak >= 2,
        }
    }

    /// The async API: waits without holding a thread.
    pub async fn render(&self, rendered_by: &'static str) -> Report {
        let _call = self.enter();
        let meeting = async {
            loop {
                // Register for the wake-up before looking, so an arrival in between is not missed.
                let notified = self.inner.arrived_async.notified();
                if self.peak() >= self.inner.meeting {
                    return;
                }
                notified.await;
            }
        };
        let _ = tokio::time::timeout(self.inner.patience, meeting).await;
        Report {
            rendered_by,
            overlapped: self.peak() >= 2,
        }
    }

    /// The most calls that were ever in progress at the same time.
    pub fn peak(&self) -> usize {
        self.counters().peak
    }

    /// How many calls have finished.
    pub fn completed(&self) -> usize {
        self.counters().completed
    }

    fn counters(&self) -> MutexGuard<'_, Counters> {
        self.inner
            .counters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn enter(&self) -> CallGuard<'_> {
        {
            let mut counters = self.counters();
            counters.in_progress += 1;
            counters.peak = counters.peak.max(counters.in_progress);
        }
        self.inner.arrived.notify_all();
        self.inner.arrived_async.notify_waiters();
        CallGuard { reports: self }
    }
}

/// Counts a call as finished when dropped, even if the caller was cancelled mid-call.
struct CallGuard<'a> {
    reports: &'a Reports,
}

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        let mut counters = self.reports.counters();
        counters.in_progress -= 1;
        counters.completed += 1;
    }
}
