//! Password hashing: CPU work, on purpose.
//!
//! A password hasher is slow by design, so that guessing is slow too: Django's default
//! PBKDF2 hasher runs about a million rounds on every login. The function here has
//! the same shape (rounds of mixing over the salt and password) and only exists to burn CPU
//! the same way. It is NOT a safe password hash: use the `argon2` or `pbkdf2` crates for that.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, ThreadId};

/// Rounds per hash: tens of milliseconds of CPU in a debug build.
pub const ROUNDS: u32 = 2_000_000;

// ANCHOR: stretch
/// The stretched hash of `password` with `salt`, as 32 hex digits. Pure computation.
pub fn stretch(password: &str, salt: &str, rounds: u32) -> String {
    // FNV-1a over the salt and the password seeds the state.
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in salt.bytes().chain([0]).chain(password.bytes()) {
        seed ^= u64::from(byte);
        seed = seed.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut state = [seed, seed ^ 0x9e37_79b9_7f4a_7c15];
    for round in 0..rounds {
        // One round of splitmix64 on each lane, then a swap: cheap, and impossible to skip.
        for lane in &mut state {
            *lane = lane.wrapping_add(0x9e37_79b9_7f4a_7c15 ^ u64::from(round));
            let mut z = *lane;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *lane = z ^ (z >> 31);
        }
        state.swap(0, 1);
    }
    format!("{:016x}{:016x}", state[0], state[1])
}
// ANCHOR_END: stretch

/// Hashes passwords, and keeps count: how many hashes ran at once at most, and on which
/// threads. Cheap to clone: clones share the counts.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    rounds: u32,
    counts: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    hashed: AtomicUsize,
    threads: Mutex<Vec<ThreadId>>,
}

impl PasswordHasher {
    pub fn new(rounds: u32) -> Self {
        Self {
            rounds,
            counts: Arc::default(),
        }
    }

    /// The hash of `password` with `salt`. Takes the CPU for as long as the rounds take.
    pub fn hash(&self, password: &str, salt: &str) -> String {
        let counts = &self.counts;
        let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counts.peak.fetch_max(now, Ordering::SeqCst);
        {
            let mut threads = counts
                .threads
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let me = thread::current().id();
            if !threads.contains(&me) {
                threads.push(me);
            }
        }
        let hash = stretch(password, salt, self.rounds);
        counts.in_flight.fetch_sub(1, Ordering::SeqCst);
        counts.hashed.fetch_add(1, Ordering::SeqCst);
        hash
    }

    /// The most hashes that ever ran at the same time.
    pub fn peak_in_flight(&self) -> usize {
        self.counts.peak.load(Ordering::SeqCst)
    }

    /// How many hashes were computed.
    pub fn hashed(&self) -> usize {
        self.counts.hashed.load(Ordering::SeqCst)
    }

    /// Whether any hash ran on `thread`.
    pub fn ran_on(&self, thread: ThreadId) -> bool {
        self.counts
            .threads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&thread)
    }
}
