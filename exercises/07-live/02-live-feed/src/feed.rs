//! The dashboard's updates: every one kept in order with its id, and sent live to whoever
//! listens.
//!
//! [`Feed::since`] returns, in one step, the updates after a given id and a receiver for the
//! ones to come: reading the backlog and subscribing under the same lock means no update can
//! fall between the two. Ids start at 1 and never repeat, so a client that says "the last one
//! I saw was 7" gets exactly 8, 9, ... and nothing twice.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::broadcast;

/// One change on the dashboard: the metric `metric` is now `value`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Update {
    pub id: u64,
    pub metric: String,
    pub value: i64,
}

#[derive(Clone, Debug)]
pub struct Feed {
    inner: Arc<Mutex<Log>>,
    live: broadcast::Sender<Update>,
    keep_alive: Duration,
}

#[derive(Debug, Default)]
struct Log {
    updates: Vec<Update>,
}

impl Feed {
    /// A feed whose idle streams send a keep-alive every `keep_alive`.
    pub fn new(keep_alive: Duration) -> Self {
        Self {
            inner: Arc::default(),
            live: broadcast::Sender::new(64),
            keep_alive,
        }
    }

    /// How often an idle stream should send a keep-alive.
    pub fn keep_alive(&self) -> Duration {
        self.keep_alive
    }

    /// Records a new update and sends it to every listener. Returns its id.
    pub fn publish(&self, metric: &str, value: i64) -> u64 {
        let mut log = self.lock();
        let update = Update {
            id: log.updates.len() as u64 + 1,
            metric: metric.to_owned(),
            value,
        };
        log.updates.push(update.clone());
        // No listener is not an error: the update is in the log for whoever comes later.
        let _ = self.live.send(update.clone());
        update.id
    }

    /// The updates after `last_seen` (0: all of them), and a receiver for every later one.
    pub fn since(&self, last_seen: u64) -> (Vec<Update>, broadcast::Receiver<Update>) {
        let log = self.lock();
        let missed = log
            .updates
            .iter()
            .filter(|update| update.id > last_seen)
            .cloned()
            .collect();
        (missed, self.live.subscribe())
    }

    /// How many streams are listening right now.
    pub fn listeners(&self) -> usize {
        self.live.receiver_count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        // A panic while holding the lock leaves the log as it was: keep using it.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
