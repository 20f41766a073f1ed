//! Raw keyboard input for watch mode: each key arrives as it is pressed, without echo.
//!
//! The switching is termios through `rustix` (no `stty` child, no unsafe code): rustix is
//! already compiled for every build of the course (tempfile, under insta and mdBook, uses it),
//! and its `termios` feature adds no crate. The saved settings are restored when the guard is
//! dropped, on a panic, and on Ctrl-C or a closed terminal (through [`crate::signals`]);
//! Ctrl-C itself keeps working because signals stay enabled (`ISIG` is left on).

use std::sync::{Mutex, Once};

#[cfg(unix)]
type Settings = rustix::termios::Termios;
#[cfg(not(unix))]
type Settings = ();

static SAVED: Mutex<Option<Settings>> = Mutex::new(None);

/// While this lives, the terminal on stdin delivers single key presses without echoing them.
pub struct RawMode(());

impl RawMode {
    /// Switches the terminal on stdin to raw input; `None` if that is not possible (stdin is
    /// not a terminal), in which case keys arrive a line at a time.
    pub fn enter() -> Option<RawMode> {
        let saved = switch_to_single_keys()?;
        *saved_settings() = Some(saved);
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        Some(RawMode(()))
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        restore();
    }
}

fn saved_settings() -> std::sync::MutexGuard<'static, Option<Settings>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts the terminal back as it was. Safe to call any number of times, from any thread.
pub fn restore() {
    let saved = saved_settings().take();
    if let Some(saved) = saved {
        apply(&saved);
    }
}

/// What `stty -icanon -echo min 1 time 0` does: no line editing, no echo, a read returns as
/// soon as one byte is there. The settings before the switch are returned.
#[cfg(unix)]
fn switch_to_single_keys() -> Option<Settings> {
    use rustix::termios::{LocalModes, OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr};
    let stdin = std::io::stdin();
    let saved = tcgetattr(&stdin).ok()?;
    let mut single_keys = saved.clone();
    single_keys
        .local_modes
        .remove(LocalModes::ICANON | LocalModes::ECHO);
    single_keys.special_codes[SpecialCodeIndex::VMIN] = 1;
    single_keys.special_codes[SpecialCodeIndex::VTIME] = 0;
    tcsetattr(&stdin, OptionalActions::Drain, &single_keys).ok()?;
    Some(saved)
}

#[cfg(not(unix))]
fn switch_to_single_keys() -> Option<Settings> {
    None
}

#[cfg(unix)]
fn apply(settings: &Settings) {
    use rustix::termios::{OptionalActions, tcsetattr};
    let _ = tcsetattr(std::io::stdin(), OptionalActions::Drain, settings);
}

#[cfg(not(unix))]
fn apply(_: &Settings) {}
