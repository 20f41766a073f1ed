//! One thread owns the dictionary; everyone else sends it commands through a channel.
//! Django's `thread_sensitive=True` sends one request's calls to one thread (under ASGI each
//! request has its own); here every call, from every request, runs on the one owner thread.

use std::fmt;
use std::io;

use tokio::sync::{mpsc, oneshot};

use crate::legacy::DictionaryConfig;

/// What callers can ask of the owner. Each command carries the sender its answer goes back on.
pub enum Command {
    Count {
        word: String,
        reply: oneshot::Sender<u64>,
    },
    Add {
        word: String,
        reply: oneshot::Sender<u64>,
    },
}

/// The owner thread has stopped, so nobody can answer.
#[derive(Debug, PartialEq, Eq)]
pub struct OwnerGone;

impl fmt::Display for OwnerGone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the dictionary's owner thread has stopped")
    }
}

impl std::error::Error for OwnerGone {}

/// A handle to the dictionary's owner thread: `Send`, `Sync` and cheap to clone, so it can sit
/// in axum's state. When the last handle is dropped, the owner closes the dictionary and ends.
#[derive(Clone, Debug)]
pub struct DictionaryHandle {
    commands: mpsc::Sender<Command>,
}

impl DictionaryHandle {
    /// Starts the owner thread, which opens the dictionary there and serves commands.
    pub fn spawn(config: DictionaryConfig) -> io::Result<Self> {
        // TODO: create a `tokio::sync::mpsc` channel of `Command`s, start a named thread that
        // opens the dictionary (`Dictionary::open(config)`, inside the thread: it cannot move
        // between threads) and answers each command it receives until the channel closes.
        // Keep the sending side in the handle.
        todo!("start the owner thread for {config:?}")
    }

    /// How many times `word` was added.
    pub async fn count(&self, word: String) -> Result<u64, OwnerGone> {
        // TODO: send `Command::Count` with a fresh oneshot sender, then await the answer.
        // Either step fails only if the owner is gone: `OwnerGone`.
        todo!("ask for the count of `{word}` through {:?}", self.commands)
    }

    /// Adds one to `word` and answers the new count.
    pub async fn add(&self, word: String) -> Result<u64, OwnerGone> {
        // TODO: like `count`, with `Command::Add`.
        todo!("add `{word}` through {:?}", self.commands)
    }
}
