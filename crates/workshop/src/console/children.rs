//! Every process the runner starts runs in a process group of its own and is registered here,
//! so that none is left behind: a hung test is killed with everything it started, and Ctrl-C,
//! `q` in watch mode or a closed terminal kill whatever is still running before the runner exits.
//!
//! Own groups matter because a test may start threads and processes of its own; killing only
//! the test binary would leave those running. The price is that a terminal's Ctrl-C no longer
//! reaches them directly, which is why [`crate::signals`] calls [`kill_all`].

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use anyhow::{Context, Result};

static GROUPS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// A started process; its group is unregistered (not killed) when this is dropped.
pub struct Registered {
    pub group: u32,
}

impl Drop for Registered {
    fn drop(&mut self) {
        groups().remove(&self.group);
    }
}

fn groups() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    // A panic while holding the lock cannot leave the set inconsistent: use it anyway.
    GROUPS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts `command` in a new process group (stdin closed, so it can never wait on the
/// terminal) and registers the group.
pub fn spawn(command: &mut Command) -> Result<(Child, Registered)> {
    command.stdin(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = command
        .spawn()
        .with_context(|| format!("starting {:?}", command.get_program()))?;
    let group = child.id();
    groups().insert(group);
    Ok((child, Registered { group }))
}

/// Kills a process group: the process the runner started and everything it started.
pub fn kill_group(group: u32) {
    #[cfg(unix)]
    {
        // kill(2) directly rather than the `kill` command: this runs on the way out of a
        // Ctrl-C, where starting a process is one more thing that can fail. rustix is already
        // compiled for every build of the course (tempfile uses it), and says it without unsafe.
        use rustix::process::{Pid, Signal, kill_process_group};
        if let Some(group) = i32::try_from(group).ok().and_then(Pid::from_raw) {
            // Gone already (it exited, or was killed first) is what we wanted anyway.
            let _ = kill_process_group(group, Signal::KILL);
        }
    }
    #[cfg(windows)]
    {
        let _ = Command::new("taskkill")
            .args(["/T", "/F", "/PID", &group.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Kills every registered group. Called on the way out (signals, quitting watch mode).
pub fn kill_all() {
    let all: Vec<u32> = groups().iter().copied().collect();
    for group in all {
        kill_group(group);
    }
}

/// The learner's `NO_PROXY` with the loopback names added, so that no HTTP client in a test
/// sends a request for a server on this machine through a proxy.
pub fn no_proxy_with_loopback(existing: Option<String>) -> String {
    let mut hosts: Vec<String> = existing
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
        .collect();
    for loopback in ["127.0.0.1", "localhost", "::1"] {
        if !hosts.iter().any(|host| host == loopback) {
            hosts.push(loopback.to_owned());
        }
    }
    hosts.join(",")
}

#[cfg(test)]
mod no_proxy_tests {
    use super::no_proxy_with_loopback;

    #[test]
    fn loopback_is_added_to_what_the_learner_set() {
        assert_eq!(no_proxy_with_loopback(None), "127.0.0.1,localhost,::1");
        assert_eq!(
            no_proxy_with_loopback(Some(" intranet.example, localhost ".into())),
            "intranet.example,localhost,127.0.0.1,::1"
        );
    }
}
