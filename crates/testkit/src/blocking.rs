//! A blocking detector, and the tools that prove blocking work ran somewhere else.
//!
//! A blocking call inside async code (`std::thread::sleep`, a sync file read, a long loop)
//! does not fail: it only stops every other task on that thread, silently. The detector makes
//! the stall visible. [`Heartbeat`] is a task that wakes every [`TICK`] on the runtime under
//! test and records the longest gap between two wake-ups. Healthy code leaves the gaps short;
//! code that blocks the thread leaves one gap as long as the block.
//!
//! # The runtime flavour
//! The stall is only observable when the heartbeat and the code under test share one thread:
//! a `current_thread` runtime, `#[tokio::test]`'s default, where the test's own thread runs the
//! test body and every spawned task. On a multi-threaded runtime the heartbeat would tick on
//! another worker while one is stuck, and the detector would see nothing, so
//! [`Heartbeat::start`] refuses to run there. One thread is also what a Django developer knows:
//! an ASGI server runs every `async def` view on one event loop thread.
//!
//! # A busy machine
//! On a loaded machine a thread also waits for a CPU: a healthy heartbeat measured more than
//! half a second between two ticks when a dozen compilers shared two cores. That wait is not
//! the code's fault, so on Linux the heartbeat subtracts it: the kernel counts, per thread, the
//! time spent runnable but waiting for a CPU (`/proc/thread-self/schedstat`). What is left of
//! a gap is the time the thread was busy with something else or asleep in a blocking call,
//! which is what a blocked runtime means. Elsewhere the raw gap is used.
//!
//! # Failure messages
//! Every failure of the detector says "`<what>` blocked the runtime for `N` ms", a phrase the
//! `cargo workshop` runner recognises.

use std::any::Any;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::task::JoinHandle;

/// How often the heartbeat wakes up.
pub const TICK: Duration = Duration::from_millis(5);

/// A gap at least this long (once the wait for a CPU is taken out) means the runtime was
/// blocked.
///
/// Chosen from measurements on a 2-core machine kept busy by other processes (load average
/// up to 20), running every chapter 4 test 20 times: the healthy solutions never left a gap
/// above 42 ms once the wait for a CPU was taken out (on the clock, gaps reached 600 ms). The
/// course's blocking calls take 500 ms, so 200 ms is far from both.
pub const BLOCKED_THRESHOLD: Duration = Duration::from_millis(200);

/// A running heartbeat. Start it before the code under test runs, stop it after.
#[must_use = "a heartbeat measures nothing until it is stopped and its pulse checked"]
pub struct Heartbeat {
    beats: Arc<Mutex<Beats>>,
    task: JoinHandle<()>,
}

#[derive(Debug)]
struct Beats {
    last: Instant,
    /// The thread's total wait for a CPU at the last beat, if the platform reports it.
    last_queued: Option<Duration>,
    /// The longest gap without the wait for a CPU: the blocked time.
    longest: Duration,
    /// The longest gap on the clock, for the record.
    longest_wall: Duration,
    ticks: u64,
}

impl Beats {
    fn new() -> Self {
        Self {
            last: Instant::now(),
            last_queued: cpu_wait(),
            longest: Duration::ZERO,
            longest_wall: Duration::ZERO,
            ticks: 0,
        }
    }

    // ANCHOR: beat
    /// Records a wake-up (or the end of watching) now. Call it on the runtime's thread: the
    /// CPU wait read is the calling thread's.
    fn beat(&mut self) {
        let now = Instant::now();
        let queued_total = cpu_wait();
        let wall = now - self.last;
        self.longest = self
            .longest
            .max(blocked_part(wall, queued_total, self.last_queued));
        self.longest_wall = self.longest_wall.max(wall);
        self.last = now;
        self.last_queued = queued_total;
        self.ticks += 1;
    }
    // ANCHOR_END: beat
}

// ANCHOR: cpu_wait
/// The part of a `wall` gap the thread was not waiting for a CPU: the gap minus the growth of
/// its CPU wait. Where the platform does not report the wait (off Linux), the whole gap.
fn blocked_part(
    wall: Duration,
    queued_now: Option<Duration>,
    queued_before: Option<Duration>,
) -> Duration {
    match (queued_now, queued_before) {
        (Some(now), Some(before)) => wall.saturating_sub(now.saturating_sub(before)),
        _ => wall,
    }
}

/// How long the calling thread has waited for a CPU while runnable, in total (Linux only).
fn cpu_wait() -> Option<Duration> {
    // `<time on a CPU> <time waiting for a CPU> <timeslices>`, in nanoseconds.
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let waited = stat.split_whitespace().nth(1)?.parse().ok()?;
    Some(Duration::from_nanos(waited))
}
// ANCHOR_END: cpu_wait

impl Heartbeat {
    /// Starts ticking on the current runtime and returns once the first tick has happened, so
    /// the heartbeat is surely running before the code under test starts.
    ///
    /// Panics outside a runtime, or on a multi-threaded runtime, where a blocked worker would
    /// go unnoticed (see the module docs).
    pub async fn start() -> Self {
        let handle = Handle::try_current().unwrap_or_else(|_| {
            panic!("Heartbeat::start must be awaited inside a Tokio runtime (a #[tokio::test])")
        });
        assert!(
            handle.runtime_flavor() == RuntimeFlavor::CurrentThread,
            "the blocking detector needs a current_thread runtime (#[tokio::test] or \
             #[tokio::test(flavor = \"current_thread\")]): on a multi-threaded one, the heartbeat \
             ticks on another thread while one is blocked, and nothing is seen."
        );
        let beats = Arc::new(Mutex::new(Beats::new()));
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(beat_forever(Arc::clone(&beats), started_tx));
        // The heartbeat task drops the sender after its first tick.
        let _ = started_rx.await;
        // Only the gaps while the code under test runs count, not the wait to get here.
        *lock(&beats) = Beats::new();
        Self { beats, task }
    }

    /// Stops the heartbeat and reports what it saw. The gap still open now counts too: a block
    /// that ended just before `stop` left the heartbeat no chance to tick after it.
    pub fn stop(self) -> Pulse {
        self.task.abort();
        let mut beats = lock(&self.beats);
        beats.beat();
        let pulse = Pulse {
            longest_gap: beats.longest,
            longest_wall_gap: beats.longest_wall,
            ticks: beats.ticks,
        };
        log_pulse(&pulse);
        pulse
    }
}

/// With `WORKSHOP_HEARTBEAT_LOG=<file>` set, every stopped heartbeat appends one line to the
/// file: the test's name, the longest blocked gap and the longest gap on the clock, in ms.
/// This is how the threshold was chosen: run the healthy solutions many times on a loaded
/// machine and look at the largest gaps.
fn log_pulse(pulse: &Pulse) {
    use std::io::Write;
    let Some(path) = std::env::var_os("WORKSHOP_HEARTBEAT_LOG") else {
        return;
    };
    let line = format!(
        "{} {} {}\n",
        std::thread::current().name().unwrap_or("unnamed"),
        pulse.longest_gap.as_millis(),
        pulse.longest_wall_gap.as_millis(),
    );
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path);
    if let Ok(mut file) = file {
        let _ = file.write_all(line.as_bytes());
    }
}

async fn beat_forever(beats: Arc<Mutex<Beats>>, started: tokio::sync::oneshot::Sender<()>) {
    let mut started = Some(started);
    loop {
        tokio::time::sleep(TICK).await;
        lock(&beats).beat();
        started.take();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `future` with a heartbeat beside it, returning its output and what the heartbeat saw.
pub async fn watch<F: Future>(future: F) -> (F::Output, Pulse) {
    let heartbeat = Heartbeat::start().await;
    let output = future.await;
    (output, heartbeat.stop())
}

/// What a heartbeat saw between its start and its stop.
#[derive(Clone, Copy, Debug)]
pub struct Pulse {
    longest_gap: Duration,
    longest_wall_gap: Duration,
    ticks: u64,
}

impl Pulse {
    /// The longest time between two wake-ups, less the time the thread waited for a CPU: how
    /// long the runtime was stuck at worst.
    pub fn longest_gap(&self) -> Duration {
        self.longest_gap
    }

    /// The longest time between two wake-ups on the clock, the wait for a CPU included.
    pub fn longest_wall_gap(&self) -> Duration {
        self.longest_wall_gap
    }

    /// How many times the heartbeat woke up.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    pub fn blocked(&self) -> bool {
        self.longest_gap >= BLOCKED_THRESHOLD
    }

    /// `"<what> blocked the runtime for N ms (...)"`: the detector's sentence, for tests that
    /// fail for a reason they found another way but want to say in the same words.
    pub fn describe_block(&self, what: &str) -> String {
        format!(
            "{what} blocked the runtime for {} ms (the heartbeat beside it could not run for \
             that long)",
            self.longest_gap.as_millis(),
        )
    }

    /// Fails the test if the runtime was blocked while `what` (such as `"GET /reports/7"`) ran.
    #[track_caller]
    pub fn assert_not_blocked(&self, what: &str) {
        self.assert_not_blocked_because(
            what,
            "A blocking call (a sync library, std::thread::sleep, std::fs, a long computation) \
             ran on the async thread and every other request waited for it.",
        );
    }

    /// Like [`Self::assert_not_blocked`], with the likely cause spelled out for this exercise.
    #[track_caller]
    pub fn assert_not_blocked_because(&self, what: &str, likely_cause: &str) {
        assert!(
            !self.blocked(),
            "{what} blocked the runtime for {} ms: use `tokio::task::spawn_blocking` or an \
             async API.\n{likely_cause}\nThe heartbeat, a task ticking every {} ms on the same \
             runtime, could not run for {} ms (not counting any wait for a busy CPU); a healthy \
             handler keeps every gap under {} ms.",
            self.longest_gap.as_millis(),
            TICK.as_millis(),
            self.longest_gap.as_millis(),
            BLOCKED_THRESHOLD.as_millis(),
        );
    }
}

/// A barrier for blocking code that opens when `expected` callers are waiting at it, or gives
/// up after `timeout`. It proves overlap by counting: if `expected` blocking calls were ever
/// inside at the same time, they ran side by side, whatever the machine's speed.
///
/// After one timeout it stays open, so serialized callers pay the timeout once, not each.
#[derive(Clone, Debug)]
pub struct Rendezvous {
    inner: Arc<(Mutex<Gate>, Condvar)>,
    expected: usize,
    timeout: Duration,
}

#[derive(Debug, Default)]
struct Gate {
    waiting: usize,
    most_waiting: usize,
    opened: bool,
    gave_up: bool,
}

impl Rendezvous {
    pub fn new(expected: usize, timeout: Duration) -> Self {
        Self {
            inner: Arc::default(),
            expected,
            timeout,
        }
    }

    /// Blocks the calling thread until `expected` callers are waiting (true), or until the
    /// timeout (false). Call it from blocking code only: on an async thread it blocks the
    /// runtime, which is exactly what the tests using it look for.
    pub fn wait(&self) -> bool {
        let (gate, arrived) = &*self.inner;
        let mut state = lock(gate);
        if state.opened {
            return true;
        }
        if state.gave_up {
            return false;
        }
        state.waiting += 1;
        state.most_waiting = state.most_waiting.max(state.waiting);
        if state.waiting >= self.expected {
            state.opened = true;
            arrived.notify_all();
        }
        let (mut state, _) = arrived
            .wait_timeout_while(state, self.timeout, |s| !s.opened && !s.gave_up)
            .unwrap_or_else(PoisonError::into_inner);
        state.waiting -= 1;
        if !state.opened {
            state.gave_up = true;
            arrived.notify_all();
        }
        state.opened
    }

    /// True once `expected` callers were waiting together.
    pub fn opened(&self) -> bool {
        lock(&self.inner.0).opened
    }

    /// The most callers that were ever waiting at the same time.
    pub fn most_waiting(&self) -> usize {
        lock(&self.inner.0).most_waiting
    }

    pub fn expected(&self) -> usize {
        self.expected
    }
}

/// Keeps panics whose message contains `marker` out of the test output.
///
/// For panics a test provokes on purpose (legacy code that crashes, to prove the server
/// survives it) and for panics a test catches and explains itself, quoting their message. Rust
/// prints every panic, and the runner shows a failing test's first panic as its headline:
/// without this, the learner would read the raw panic before the test's explanation.
///
/// A panic raised in a test file itself (under `tests/`) is always printed, even when it
/// quotes the marker: that is the test's explanation. Every other panic is printed as usual.
pub fn silence_panics_containing(marker: &'static str) {
    crate::panics::silence(crate::panics::Quiet::Containing(marker));
}

/// The text of a panic payload (`panic!("...")` carries a `&str` or a `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_cpu_wait_reading_the_whole_gap_counts() {
        let (gap, ms) = (Duration::from_millis(300), Duration::from_millis);
        // Linux: 200 ms of the gap were spent waiting for a CPU.
        assert_eq!(blocked_part(gap, Some(ms(1_200)), Some(ms(1_000))), ms(100));
        // Elsewhere (no /proc): the raw gap, never less.
        assert_eq!(blocked_part(gap, None, None), gap);
        assert_eq!(blocked_part(gap, Some(ms(5)), None), gap);
    }

    #[tokio::test]
    async fn a_sleeping_task_leaves_the_heartbeat_healthy() {
        let ((), pulse) = watch(tokio::time::sleep(Duration::from_millis(50))).await;
        assert!(!pulse.blocked(), "{pulse:?}");
        assert!(pulse.ticks() >= 2, "{pulse:?}");
    }

    #[tokio::test]
    async fn a_blocking_sleep_is_seen_with_its_length() {
        let block = BLOCKED_THRESHOLD + Duration::from_millis(100);
        let ((), pulse) = watch(async { std::thread::sleep(block) }).await;
        assert!(pulse.blocked(), "{pulse:?}");
        assert!(pulse.longest_gap() >= block, "{pulse:?}");
        let message = std::panic::catch_unwind(|| pulse.assert_not_blocked("GET /x"))
            .map_err(|payload| panic_message(&*payload));
        let Err(message) = message else {
            panic!("a blocked pulse must fail the assertion")
        };
        assert!(
            message.starts_with("GET /x blocked the runtime for "),
            "{message}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    #[should_panic(expected = "needs a current_thread runtime")]
    async fn a_multi_threaded_runtime_is_refused() {
        let _ = Heartbeat::start().await;
    }

    #[test]
    fn a_rendezvous_opens_when_everyone_is_there() {
        let rendezvous = Rendezvous::new(3, Duration::from_secs(10));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let r = rendezvous.clone();
                std::thread::spawn(move || r.wait())
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().ok(), Some(true));
        }
        assert!(rendezvous.opened());
        assert_eq!(rendezvous.most_waiting(), 3);
    }

    #[test]
    fn a_rendezvous_gives_up_once_then_lets_everyone_through() {
        let rendezvous = Rendezvous::new(2, Duration::from_millis(20));
        assert!(!rendezvous.wait());
        let started = Instant::now();
        assert!(!rendezvous.wait());
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(!rendezvous.opened());
        assert_eq!(rendezvous.most_waiting(), 1);
    }
}
