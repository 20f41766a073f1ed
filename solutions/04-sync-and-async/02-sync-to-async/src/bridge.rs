//! `sync_to_async`: run synchronous code on a thread of its own and get back what happened
//! (its value, its error, or its panic) as a value.

use std::any::Any;
use std::fmt;

/// Why synchronous work did not give a value.
#[derive(Debug, PartialEq, Eq)]
pub enum BridgeError<E> {
    /// The work returned this error.
    Failed(E),
    /// The work panicked with this message. The panic stopped at the thread's edge; nothing
    /// else was unwound.
    Panicked(String),
    /// The runtime shut down before the work finished.
    Cancelled,
}

impl<E: fmt::Display> fmt::Display for BridgeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BridgeError::Failed(error) => write!(f, "{error}"),
            BridgeError::Panicked(message) => write!(f, "the sync code panicked: {message}"),
            BridgeError::Cancelled => f.write_str("the sync code was cancelled at shutdown"),
        }
    }
}

// ANCHOR: sync_to_async
/// Django's `sync_to_async`: runs `work` on Tokio's blocking pool, so the async thread stays
/// free, and turns each way it can end into a value.
pub async fn sync_to_async<T, E, F>(work: F) -> Result<T, BridgeError<E>>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(BridgeError::Failed(error)),
        // A panic in `work` unwinds its own thread only; Tokio catches it at the edge and
        // hands it over as a `JoinError`, which we turn into an ordinary error.
        Err(join_error) if join_error.is_panic() => Err(BridgeError::Panicked(panic_message(
            join_error.into_panic(),
        ))),
        Err(_) => Err(BridgeError::Cancelled),
    }
}
// ANCHOR_END: sync_to_async

/// The text a panic carried: `panic!("literal")` carries a `&str`, `panic!("{x}")` a `String`.
pub fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(text) => (*text).to_owned(),
            Err(_) => "a panic without a message".to_owned(),
        },
    }
}
