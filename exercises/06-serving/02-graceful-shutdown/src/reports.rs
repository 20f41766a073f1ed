//! A slow report: the kind of request that is still running when a deploy stops the server.
//! It takes `duration`, unless someone calls [`Reports::release`] first (tests do, so they
//! decide exactly when the request in flight finishes). It counts the reports in progress.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::watch;

#[derive(Clone, Debug)]
pub struct Reports {
    duration: Duration,
    in_flight: Arc<AtomicUsize>,
    released: Arc<watch::Sender<bool>>,
}

impl Reports {
    pub fn new(duration: Duration) -> Self {
        Self {
            duration,
            in_flight: Arc::default(),
            released: Arc::new(watch::Sender::new(false)),
        }
    }

    /// Renders a report: takes `duration`, or until [`Reports::release`] is called.
    pub async fn render(&self) {
        let mut released = self.released.subscribe();
        let _in_flight = InFlightGuard::enter(&self.in_flight);
        tokio::select! {
            _ = tokio::time::sleep(self.duration) => {}
            _ = released.wait_for(|released| *released) => {}
        }
    }

    /// Finishes every report in progress now, and every later one at once.
    pub fn release(&self) {
        self.released.send_replace(true);
    }

    /// How many reports are being rendered right now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

/// Counts a report as in flight until dropped, also when its request is cut off.
struct InFlightGuard<'a>(&'a AtomicUsize);

impl<'a> InFlightGuard<'a> {
    fn enter(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        Self(counter)
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
