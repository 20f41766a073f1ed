//! More than one server: two instances of the chat share their rooms through PostgreSQL's
//! `LISTEN`/`NOTIFY`, the counterpart of Channels' Redis channel layer. A message posted on
//! one instance is sent with `NOTIFY`; every instance `LISTEN`s, and delivers what it hears to
//! its own members.
//!
//! Layout: `rooms.rs` is one instance's rooms and WebSocket sessions (provided); this file
//! is what connects the instances: [`Instance::start`], [`publish`] and [`relay`].
//!
//! SQLite has no way to tell another process that something happened: an instance on SQLite
//! refuses to start ([`StartError::NeedsPostgres`]) rather than serve rooms that silently
//! stop at the edge of the process.

mod rooms;

use axum::Router;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::task::JoinHandle;

pub use rooms::{Post, Rooms, app};

/// One running instance: its router, its rooms, and the task that relays notifications.
pub struct Instance {
    pub router: Router,
    pub rooms: Rooms,
    relay: JoinHandle<()>,
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.relay.abort();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "rooms shared between instances need PostgreSQL (LISTEN/NOTIFY); SQLite cannot tell \
         another process that a message arrived"
    )]
    NeedsPostgres,
    #[error("cannot reach the database: {0}")]
    Database(#[from] sqlx::Error),
}

impl Instance {
    /// Starts an instance on the database at `url`, sharing its rooms with every instance that
    /// uses the same notification `channel`.
    pub async fn start(url: &str, channel: &str) -> Result<Self, StartError> {
        // TODO: refuse a URL that is not PostgreSQL's (`StartError::NeedsPostgres`). Connect a
        // `PgPool`, and a `PgListener` (`PgListener::connect_with(&pool)`) that LISTENs on
        // `channel`, before returning, so no message is missed. Spawn `relay` with it, and
        // build the router with `app(rooms, post)`, where `post` calls `publish`.
        let _ = (url, channel);
        todo!("start an instance that shares its rooms through LISTEN/NOTIFY")
    }
}

/// Sends `text` to `room` on every instance listening on `channel`.
pub async fn publish(pool: &PgPool, channel: &str, room: &str, text: &str) -> sqlx::Result<()> {
    // TODO: NOTIFY `channel` with a JSON payload naming the room and the text
    // (`SELECT pg_notify($1, $2)`).
    let _ = (pool, channel, room, text);
    todo!("notify every instance")
}

/// Delivers every notification this instance hears to its own members, for as long as the
/// instance runs.
pub async fn relay(listener: PgListener, rooms: Rooms) {
    // TODO: for each notification (`listener.recv().await`), read the room and the text from
    // its payload and `rooms.deliver(room, text)`.
    let _ = (listener, rooms);
    todo!("relay notifications to this instance's rooms")
}
