//! Ctrl-C, `kill` and a closed terminal end the runner cleanly: the terminal is restored and
//! every process it started is killed (see [`crate::children`] for why they need the help).
//!
//! Signals go through tokio, which the runner already depends on for `book --serve`: no new
//! crate, and no unsafe code here.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::{children, terminal};

/// Set when a signal arrived and the runner is on its way out.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// How many writes that must not be cut in half are under way (a reset restoring files).
static CRITICAL: AtomicUsize = AtomicUsize::new(0);
/// A write under way is waited for at most this long before the runner exits anyway.
const CRITICAL_PATIENCE: Duration = Duration::from_secs(10);

/// Held while files are rewritten: a Ctrl-C that arrives meanwhile takes effect when it is
/// dropped, so a reset is never left half done.
pub struct Critical(());

pub fn critical() -> Critical {
    CRITICAL.fetch_add(1, Ordering::SeqCst);
    Critical(())
}

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Installs the handlers. They are registered before this returns, so there is no moment
/// when a Ctrl-C would kill the runner without cleaning up.
pub fn install() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        let streams = {
            let _entered = runtime.enter();
            (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            )
        };
        let (Ok(mut interrupt), Ok(mut terminate), Ok(mut hangup)) = streams else {
            return;
        };
        let _ = thread::Builder::new()
            .name("signals".to_owned())
            .spawn(move || {
                // The shell's convention: 128 + the signal's number.
                let code = runtime.block_on(async {
                    tokio::select! {
                        _ = interrupt.recv() => 130,
                        _ = terminate.recv() => 143,
                        _ = hangup.recv() => 129,
                    }
                });
                clean_up_and_exit(code);
            });
    }
    #[cfg(not(unix))]
    {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        let _ = thread::Builder::new()
            .name("signals".to_owned())
            .spawn(move || {
                if runtime.block_on(tokio::signal::ctrl_c()).is_ok() {
                    clean_up_and_exit(130);
                }
            });
    }
}

fn clean_up_and_exit(code: i32) -> ! {
    STOPPING.store(true, Ordering::SeqCst);
    let waiting_since = std::time::Instant::now();
    while CRITICAL.load(Ordering::SeqCst) > 0 && waiting_since.elapsed() < CRITICAL_PATIENCE {
        thread::sleep(Duration::from_millis(10));
    }
    terminal::restore();
    children::kill_all();
    std::process::exit(code)
}

/// Called where a killed child would otherwise look like a result (a test that "crashed", a
/// build that "failed"): if a signal is being handled, wait here for the exit, so that no
/// bogus verdict is printed or recorded and the exit code stays the signal's.
pub fn stop_here_if_stopping() {
    while STOPPING.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_secs(1));
    }
}
