//! Keeping the panics a test causes on purpose out of its output.
//!
//! Rust prints every panic, and the runner shows a failing test's first panic as its headline.
//! A handler that panics to show what catches it, or legacy code that crashes to prove the
//! server survives, would then be read before the test's own explanation. Tests register
//! such panics here; one panic hook, installed once, stays quiet about exactly those and
//! prints every other panic as usual.

use std::sync::{Mutex, Once, PoisonError};

/// Which panics to keep quiet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Quiet {
    /// A panic whose message is exactly this text. A failed assertion that quotes it has a
    /// longer message and is printed.
    Exactly(&'static str),
    /// A panic whose message contains this text, unless it is raised in a test file itself
    /// (under `tests/`): there it is the test's explanation, quoting the marker.
    Containing(&'static str),
}

static RULES: Mutex<Vec<Quiet>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// Adds `rule` to the panics kept quiet, installing the hook on first use.
pub(crate) fn silence(rule: Quiet) {
    {
        let mut rules = RULES.lock().unwrap_or_else(PoisonError::into_inner);
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    INSTALL.call_once(|| {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info.payload_as_str().unwrap_or("");
            let in_a_test_file = info
                .location()
                .is_some_and(|l| l.file().replace('\\', "/").contains("tests/"));
            let quiet = RULES
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .any(|rule| match rule {
                    Quiet::Exactly(text) => message == *text,
                    Quiet::Containing(marker) => !in_a_test_file && message.contains(marker),
                });
            if !quiet {
                print(info);
            }
        }));
    });
}
