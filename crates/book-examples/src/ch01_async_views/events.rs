//! The resource of this chapter's worked examples: a meetup's events, kept in memory.

use serde::Serialize;

/// One event of the meetup.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Event {
    pub id: u32,
    pub title: String,
    pub city: String,
    pub online: bool,
    pub seats: u32,
}

/// The sample schedule every example starts from.
pub fn sample_events() -> Vec<Event> {
    let event =
        |id, title: &str, city: &str, online, seats| Event {
            id,
            title: title.to_owned(),
            city: city.to_owned(),
            online,
            seats,
        };
    vec![
        event(1, "Rust for Pythonistas", "Lyon", false, 40),
        event(2, "Tokio office hours", "Lyon", true, 100),
        event(3, "Django after dark", "Paris", false, 2),
    ]
}
