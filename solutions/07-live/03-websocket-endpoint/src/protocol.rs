//! What the word-count socket says, and the gauge of open sessions.
//!
//! A text message is a JSON object `{"text": "..."}`; the answer is a text message
//! `{"words": 2, "upper": "HELLO WORLD"}`. Anything else in a text message is bad input.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

#[derive(Deserialize)]
struct Request {
    text: String,
}

/// The answer to a text message, or `None` when it is not `{"text": "..."}`.
pub fn answer(message: &str) -> Option<String> {
    let request: Request = serde_json::from_str(message).ok()?;
    let words = request.text.split_whitespace().count();
    let answer = serde_json::json!({ "words": words, "upper": request.text.to_uppercase() });
    Some(answer.to_string())
}

/// Counts the sessions whose handler is still running.
#[derive(Clone, Debug, Default)]
pub struct Sessions(Arc<AtomicUsize>);

impl Sessions {
    /// Counts one session as open until the returned guard is dropped.
    pub fn open(&self) -> SessionGuard {
        self.0.fetch_add(1, Ordering::SeqCst);
        SessionGuard(Arc::clone(&self.0))
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

pub struct SessionGuard(Arc<AtomicUsize>);

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
