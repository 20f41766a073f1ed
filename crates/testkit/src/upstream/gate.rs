//! A gate that opens when enough requests wait at it at the same time.
//!
//! Proving "these calls ran at once" with a clock is flaky: a loaded machine can delay any call.
//! A gate makes it exact. Each request to a fake waits at the gate; the gate opens the moment
//! `needed` requests are waiting together, so code that sends them concurrently is answered at
//! once and the fake's [`crate::InFlight`] probe has seen them all in flight. Code that sends
//! them one after another never gathers enough: the first request waits out `patience`, the
//! gate then opens for good, and the probe's peak tells the test what happened.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

/// Clones share one gate.
#[derive(Clone, Debug)]
pub struct Gate {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    needed: usize,
    patience: Duration,
    waiting: Mutex<usize>,
    open: watch::Sender<Opened>,
}

/// Whether and why the gate opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    NotYet,
    /// `needed` requests were waiting at the same time.
    ByArrivals,
    /// A request waited `patience` without enough others arriving.
    ByPatience,
}

impl Gate {
    /// A gate for `needed` simultaneous requests. `patience` is how long the first one waits
    /// before giving up on the others; make it generous (seconds), because only wrong code
    /// ever waits it out.
    pub fn new(needed: usize, patience: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                needed,
                patience,
                waiting: Mutex::new(0),
                open: watch::Sender::new(Opened::NotYet),
            }),
        }
    }

    /// Waits until the gate is open. Once open, it stays open.
    pub async fn pass(&self) {
        let mut opened = self.inner.open.subscribe();
        if *opened.borrow() != Opened::NotYet {
            return;
        }
        let _waiting = Waiting::arrive(&self.inner);
        let wait = opened.wait_for(|state| *state != Opened::NotYet);
        if tokio::time::timeout(self.inner.patience, wait)
            .await
            .is_err()
        {
            self.inner.open.send_if_modified(|state| {
                let closed = *state == Opened::NotYet;
                if closed {
                    *state = Opened::ByPatience;
                }
                closed
            });
        }
    }

    /// Whether the gate has opened, and how.
    pub fn opened(&self) -> Opened {
        *self.inner.open.borrow()
    }
}

/// One request waiting at the gate; leaves when dropped (also when the request is cancelled).
struct Waiting<'a> {
    inner: &'a Inner,
}

impl<'a> Waiting<'a> {
    fn arrive(inner: &'a Inner) -> Self {
        let mut waiting = inner.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        *waiting += 1;
        if *waiting >= inner.needed {
            inner.open.send_if_modified(|state| {
                let closed = *state == Opened::NotYet;
                if closed {
                    *state = Opened::ByArrivals;
                }
                closed
            });
        }
        Self { inner }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut waiting = self
            .inner
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *waiting -= 1;
    }
}
