//! A word-count dictionary from an old spell checker, and the log the tests read.
//!
//! Its handle shares its table with `Rc<RefCell<..>>`: cheap, and only correct on one thread.
//! So `Dictionary` is not `Send`: the compiler will not let it leave the thread that opened
//! it. Many real resources are like this: a connection opened in single-thread mode, a handle
//! from a C library with thread-local state, a GUI object.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// What opening a dictionary needs. `Send`, so it can travel to the thread that will own it.
#[derive(Clone, Debug, Default)]
pub struct DictionaryConfig {
    /// How long every call takes: the old code is slow.
    pub latency: Duration,
    /// Where every dictionary opened with this config records which threads used it.
    pub log: ThreadLog,
}

// ANCHOR: dictionary
/// The dictionary. Not `Send`, not `Sync`: it lives and dies on one thread.
pub struct Dictionary {
    counts: Rc<RefCell<HashMap<String, u64>>>,
    latency: Duration,
    log: ThreadLog,
}
// ANCHOR_END: dictionary

impl Dictionary {
    /// Opens a dictionary, on the calling thread, where it must stay.
    pub fn open(config: DictionaryConfig) -> Self {
        config.log.record(|log| log.opened += 1);
        Self {
            counts: Rc::default(),
            latency: config.latency,
            log: config.log,
        }
    }

    /// How many times `word` was added.
    pub fn count(&self, word: &str) -> u64 {
        self.call();
        self.counts.borrow().get(word).copied().unwrap_or(0)
    }

    /// Adds one to `word`'s count and returns the new count.
    pub fn add(&self, word: &str) -> u64 {
        self.call();
        let mut counts = self.counts.borrow_mut();
        let count = counts.entry(word.to_owned()).or_insert(0);
        *count += 1;
        *count
    }

    fn call(&self) {
        thread::sleep(self.latency);
        self.log.record(|log| {
            log.calls += 1;
            let me = thread::current();
            if !log.threads.iter().any(|(id, _)| *id == me.id()) {
                log.threads
                    .push((me.id(), me.name().unwrap_or("unnamed").to_owned()));
            }
        });
    }
}

impl Drop for Dictionary {
    fn drop(&mut self) {
        self.log.record(|log| log.closed += 1);
    }
}

/// Which threads used the dictionaries of one config, and how often. Clones share the log.
#[derive(Clone, Debug, Default)]
pub struct ThreadLog {
    inner: Arc<Mutex<LogState>>,
}

#[derive(Debug, Default)]
struct LogState {
    threads: Vec<(ThreadId, String)>,
    calls: usize,
    opened: usize,
    closed: usize,
}

impl ThreadLog {
    fn record(&self, change: impl FnOnce(&mut LogState)) {
        change(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn read<T>(&self, look: impl FnOnce(&LogState) -> T) -> T {
        look(&self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The names of the threads that called a dictionary, in order of first use.
    pub fn thread_names(&self) -> Vec<String> {
        self.read(|log| log.threads.iter().map(|(_, name)| name.clone()).collect())
    }

    /// How many calls (`count` and `add`) were made.
    pub fn calls(&self) -> usize {
        self.read(|log| log.calls)
    }

    /// How many dictionaries were opened.
    pub fn opened(&self) -> usize {
        self.read(|log| log.opened)
    }

    /// How many dictionaries were closed (dropped).
    pub fn closed(&self) -> usize {
        self.read(|log| log.closed)
    }
}
