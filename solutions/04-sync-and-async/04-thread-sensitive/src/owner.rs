//! One thread owns the dictionary; everyone else sends it commands through a channel.
//! Django's `thread_sensitive=True` sends one request's calls to one thread (under ASGI each
//! request has its own); here every call, from every request, runs on the one owner thread.

use std::fmt;
use std::io;

use tokio::sync::{mpsc, oneshot};

use crate::legacy::{Dictionary, DictionaryConfig};

// ANCHOR: command
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
// ANCHOR_END: command

/// The owner thread has stopped, so nobody can answer.
#[derive(Debug, PartialEq, Eq)]
pub struct OwnerGone;

impl fmt::Display for OwnerGone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the dictionary's owner thread has stopped")
    }
}

impl std::error::Error for OwnerGone {}

/// How many commands may wait for the owner before senders wait too (backpressure).
const QUEUE: usize = 64;

/// A handle to the dictionary's owner thread: `Send`, `Sync` and cheap to clone, so it can sit
/// in axum's state. When the last handle is dropped, the owner closes the dictionary and ends.
#[derive(Clone, Debug)]
pub struct DictionaryHandle {
    commands: mpsc::Sender<Command>,
}

// ANCHOR: spawn
impl DictionaryHandle {
    /// Starts the owner thread, which opens the dictionary there and serves commands.
    pub fn spawn(config: DictionaryConfig) -> io::Result<Self> {
        let (commands, inbox) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("dictionary-owner".to_owned())
            .spawn(move || serve(config, inbox))?;
        Ok(Self { commands })
    }
}

/// The owner thread's whole life: open, answer commands one at a time, close. `blocking_recv`
/// is right here, on a plain thread; it gives `None` once every handle is gone.
fn serve(config: DictionaryConfig, mut inbox: mpsc::Receiver<Command>) {
    let dictionary = Dictionary::open(config);
    while let Some(command) = inbox.blocking_recv() {
        // A caller that gave up (its request was cancelled) dropped its receiver: not an error.
        match command {
            Command::Count { word, reply } => {
                let _ = reply.send(dictionary.count(&word));
            }
            Command::Add { word, reply } => {
                let _ = reply.send(dictionary.add(&word));
            }
        }
    }
}
// ANCHOR_END: spawn

// ANCHOR: ask
impl DictionaryHandle {
    pub async fn count(&self, word: String) -> Result<u64, OwnerGone> {
        self.ask(|reply| Command::Count { word, reply }).await
    }

    pub async fn add(&self, word: String) -> Result<u64, OwnerGone> {
        self.ask(|reply| Command::Add { word, reply }).await
    }

    /// Sends a command and awaits its answer: the task sleeps, the async thread stays free.
    async fn ask(
        &self,
        command: impl FnOnce(oneshot::Sender<u64>) -> Command,
    ) -> Result<u64, OwnerGone> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(command(reply))
            .await
            .map_err(|_| OwnerGone)?;
        answer.await.map_err(|_| OwnerGone)
    }
}
// ANCHOR_END: ask
