//! Raw keyboard input for watch mode: each key arrives as it is pressed, without echo.
//!
//! `stty` does the switching (it ships with every Unix), so there is no terminal crate and no
//! unsafe code. The saved settings are restored when the guard is dropped, on a panic, and on
//! Ctrl-C or a closed terminal (through [`crate::signals`]); Ctrl-C itself keeps working
//! because signals stay enabled.

use std::process::{Command, Stdio};
use std::sync::{Mutex, Once};

static SAVED: Mutex<Option<String>> = Mutex::new(None);

/// While this lives, the terminal on stdin delivers single key presses without echoing them.
pub struct RawMode(());

impl RawMode {
    /// Switches the terminal on stdin to raw input; `None` if that is not possible (no
    /// terminal, no `stty`), in which case keys arrive a line at a time.
    pub fn enter() -> Option<RawMode> {
        let saved = stty(&["-g"])?;
        stty(&["-icanon", "-echo", "min", "1", "time", "0"])?;
        *saved_settings() = Some(saved.trim().to_owned());
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

fn saved_settings() -> std::sync::MutexGuard<'static, Option<String>> {
    SAVED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts the terminal back as it was. Safe to call any number of times, from any thread.
pub fn restore() {
    let saved = saved_settings().take();
    if let Some(saved) = saved {
        let _ = stty(&[&saved]);
    }
}

/// Runs `stty` on the terminal that is our stdin; its output if it succeeded.
fn stty(args: &[&str]) -> Option<String> {
    let output = Command::new("stty")
        .args(args)
        .stdin(Stdio::inherit())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
