//! Gates: synchronous checks a request must pass. They may block (read a file, call a sync
//! library, wait on a device), so they must never run on the async runtime's threads.

use std::io;
use std::path::PathBuf;

/// What a gate decides about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    Deny,
}

// ANCHOR: gate
/// A synchronous check on a request's API key. `check` may block for as long as it likes.
pub trait Gate: Send + Sync + 'static {
    fn check(&self, api_key: Option<&str>) -> io::Result<Verdict>;
}
// ANCHOR_END: gate

// ANCHOR: blocklist
/// A file of blocked API keys, one per line, read on every check so that an operator's edit
/// applies to the next request without a restart. `std::fs` blocks the calling thread.
#[derive(Clone, Debug)]
pub struct BlocklistFile {
    path: PathBuf,
}

impl BlocklistFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }
}

impl Gate for BlocklistFile {
    fn check(&self, api_key: Option<&str>) -> io::Result<Verdict> {
        let blocklist = std::fs::read_to_string(&self.path)?;
        let blocked = api_key.is_some_and(|key| blocklist.lines().any(|line| line.trim() == key));
        Ok(if blocked {
            Verdict::Deny
        } else {
            Verdict::Allow
        })
    }
}
// ANCHOR_END: blocklist
