//! The rooms: one `tokio::sync::broadcast` channel per room name, made on first use.
//!
//! A broadcast channel keeps the last `capacity` messages for its receivers. A sender never
//! waits: a receiver that falls more than `capacity` messages behind loses the oldest ones,
//! and its next `recv` says how many (`RecvError::Lagged(n)`). That is what keeps one slow
//! member from slowing the room: the room never waits for anyone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

#[derive(Clone, Debug)]
pub struct Rooms {
    capacity: usize,
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>,
}

impl Rooms {
    /// Rooms whose members may fall at most `capacity` messages behind.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            rooms: Arc::default(),
        }
    }

    /// Joins `room`: a sender to post to everyone in it, and a receiver of what is posted from
    /// now on. Dropping the receiver leaves the room.
    pub fn join(&self, room: &str) -> (broadcast::Sender<String>, broadcast::Receiver<String>) {
        let mut rooms = self.lock();
        let sender = rooms
            .entry(room.to_owned())
            .or_insert_with(|| broadcast::Sender::new(self.capacity));
        (sender.clone(), sender.subscribe())
    }

    /// How many receivers `room` has: its members.
    pub fn members(&self, room: &str) -> usize {
        self.lock()
            .get(room)
            .map_or(0, broadcast::Sender::receiver_count)
    }

    /// How many of `room`'s messages it keeps for a member that has not received them yet:
    /// at most its capacity, which a member that stopped reading fills.
    pub fn kept(&self, room: &str) -> usize {
        self.lock().get(room).map_or(0, broadcast::Sender::len)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, broadcast::Sender<String>>> {
        // The map stays valid if a panic happened while it was locked: keep using it.
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a member that fell behind is told, as a text message: `{"lagged": 12}`.
pub fn lag_notice(missed: u64) -> String {
    serde_json::json!({ "lagged": missed }).to_string()
}
