//! Watching a pool hand out connections, to prove that queries ran at the same time.
//!
//! A query holds a pool connection from the moment it is acquired until it is given back.
//! [`PoolProbe::install`] adds hooks to a pool's options that count the connections handed
//! out. With a gate, the first `n` connections handed out are held until all `n` are out at
//! once: if they ever are, `n` queries really overlapped. If the code under test runs its
//! queries one after another, or through a pool too small, the gate never fills and gives up
//! after its time limit; the test then says so. No clock decides the verdict, only counts.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use tokio::sync::watch;

#[derive(Clone, Debug, Default)]
pub struct PoolProbe {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    armed: AtomicBool,
    checkouts: AtomicUsize,
    out_now: AtomicUsize,
    peak_out: AtomicUsize,
    gate: Option<Gate>,
}

#[derive(Debug)]
struct Gate {
    parties: usize,
    limit: Duration,
    opened: watch::Sender<bool>,
    gave_up: AtomicBool,
}

impl PoolProbe {
    /// Counts connections handed out; holds none.
    pub fn new() -> Self {
        Self::default()
    }

    /// Also holds each of the first `parties` connections handed out until all of them are out
    /// at once, or until `limit` has passed (then it stops holding anything).
    pub fn with_gate(parties: usize, limit: Duration) -> Self {
        let (opened, _) = watch::channel(false);
        Self {
            inner: Arc::new(Inner {
                gate: Some(Gate {
                    parties,
                    limit,
                    opened,
                    gave_up: AtomicBool::new(false),
                }),
                ..Inner::default()
            }),
        }
    }

    /// Adds the probe's hooks to `options`. The pool opens no connection on its own
    /// (`min_connections(0)`), so every connection the hooks see was asked for by a query.
    pub fn install(&self, options: AnyPoolOptions) -> AnyPoolOptions {
        let (on_connect, on_acquire, on_release) = (self.clone(), self.clone(), self.clone());
        options
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(60))
            .after_connect(move |_, _| {
                let probe = on_connect.clone();
                Box::pin(async move {
                    probe.handed_out().await;
                    Ok(())
                })
            })
            .before_acquire(move |_, _| {
                let probe = on_acquire.clone();
                Box::pin(async move {
                    probe.handed_out().await;
                    Ok(true)
                })
            })
            .after_release(move |_, _| {
                let probe = on_release.clone();
                Box::pin(async move {
                    probe.given_back();
                    Ok(true)
                })
            })
    }

    /// Starts counting (and gating). Call it right before the code under test.
    pub fn arm(&self) {
        self.inner.armed.store(true, Ordering::SeqCst);
    }

    /// How many connections were handed out while armed.
    pub fn checkouts(&self) -> usize {
        self.inner.checkouts.load(Ordering::SeqCst)
    }

    /// The most connections that were out at once. Given-back connections are counted a
    /// moment late (the pool takes them back in a task of its own), so this can overcount
    /// by one; a pool of one connection is always exactly 1.
    pub fn peak_out(&self) -> usize {
        self.inner.peak_out.load(Ordering::SeqCst)
    }

    /// Whether the gate's `parties` connections were all out at the same time.
    pub fn gate_opened(&self) -> bool {
        self.inner.gate.as_ref().is_some_and(|g| *g.opened.borrow())
    }

    async fn handed_out(&self) {
        let inner = &self.inner;
        if !inner.armed.load(Ordering::SeqCst) {
            return;
        }
        let number = inner.checkouts.fetch_add(1, Ordering::SeqCst) + 1;
        let now = inner.out_now.fetch_add(1, Ordering::SeqCst) + 1;
        inner.peak_out.fetch_max(now, Ordering::SeqCst);
        let Some(gate) = &inner.gate else { return };
        if number > gate.parties || gate.gave_up.load(Ordering::SeqCst) {
            return;
        }
        if number == gate.parties {
            gate.opened.send_replace(true);
            return;
        }
        let mut opened = gate.opened.subscribe();
        let waited = tokio::time::timeout(gate.limit, opened.wait_for(|open| *open)).await;
        if waited.is_err() {
            // Never hold anyone again: the code under test is not running queries together.
            gate.gave_up.store(true, Ordering::SeqCst);
        }
    }

    fn given_back(&self) {
        let inner = &self.inner;
        if inner.armed.load(Ordering::SeqCst) {
            // Saturating: a connection handed out before `arm` may come back after it.
            let _ = inner
                .out_now
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        }
    }
}
