//! A log every layer writes to, so a test (and the book) can read the order they ran in.

use std::sync::{Arc, Mutex, PoisonError};

/// Lines in the order they were written. Clones share the same lines.
#[derive(Clone, Debug, Default)]
pub struct Log {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    /// `→ layer  text` on the way in, `← layer  text` on the way out.
    pub fn record(&self, arrow: char, layer: &str, text: impl AsRef<str>) {
        let line = format!("{arrow} {layer:<11}{}", text.as_ref());
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
