//! A stand-in for a remote analytics service. Every call takes `latency`, like a real network
//! call, and the service counts how many calls overlapped: that is how the tests see whether
//! requests ran together or queued behind a lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Analytics {
    latency: Duration,
    counters: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    recorded: AtomicUsize,
}

impl Analytics {
    pub fn new(latency: Duration) -> Self {
        Self {
            latency,
            counters: Arc::default(),
        }
    }

    /// Records one view of `slug`. Takes `latency` to answer.
    pub async fn record_view(&self, slug: &str) {
        let counters = &self.counters;
        let now = counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counters.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(self.latency).await;
        let _ = slug; // A real service would send it; the stand-in only counts.
        counters.in_flight.fetch_sub(1, Ordering::SeqCst);
        counters.recorded.fetch_add(1, Ordering::SeqCst);
    }

    /// How many views were recorded.
    pub fn recorded(&self) -> usize {
        self.counters.recorded.load(Ordering::SeqCst)
    }

    /// The most calls that were ever in progress at the same time.
    pub fn peak_in_flight(&self) -> usize {
        self.counters.peak_in_flight.load(Ordering::SeqCst)
    }
}
