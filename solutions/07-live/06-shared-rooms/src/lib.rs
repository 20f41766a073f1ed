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

use std::sync::Arc;

use axum::Router;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::task::JoinHandle;

pub use rooms::{Post, Rooms, app};

// ANCHOR: provided
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
// ANCHOR_END: provided

/// A message on its way between instances: the `NOTIFY` payload, as JSON.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    room: String,
    text: String,
}

// ANCHOR: start
impl Instance {
    /// Starts an instance on the database at `url`, sharing its rooms with every instance that
    /// uses the same notification `channel`.
    pub async fn start(url: &str, channel: &str) -> Result<Self, StartError> {
        if !(url.starts_with("postgres:") || url.starts_with("postgresql:")) {
            return Err(StartError::NeedsPostgres);
        }
        let pool = PgPool::connect(url).await?;
        // One connection of its own, LISTENing: PostgreSQL pushes each notification on it.
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(channel).await?;

        let rooms = Rooms::default();
        let relay = tokio::spawn(relay(listener, rooms.clone()));
        let channel = channel.to_owned();
        let post: Post = Arc::new(move |room, text| {
            let (pool, channel) = (pool.clone(), channel.clone());
            Box::pin(async move {
                if let Err(e) = publish(&pool, &channel, &room, &text).await {
                    eprintln!("could not post to room {room}: {e}");
                }
            })
        });
        let router = app(rooms.clone(), post);
        Ok(Self {
            router,
            rooms,
            relay,
        })
    }
}
// ANCHOR_END: start

// ANCHOR: publish
/// Sends `text` to `room` on every instance listening on `channel`.
pub async fn publish(pool: &PgPool, channel: &str, room: &str, text: &str) -> sqlx::Result<()> {
    let payload = serde_json::to_string(&Envelope {
        room: room.to_owned(),
        text: text.to_owned(),
    })
    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    // pg_notify, not NOTIFY: a function takes bound parameters, a statement does not.
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(pool)
        .await?;
    Ok(())
}
// ANCHOR_END: publish

// ANCHOR: relay
/// Delivers every notification this instance hears to its own members, for as long as the
/// instance runs.
pub async fn relay(mut listener: PgListener, rooms: Rooms) {
    loop {
        match listener.recv().await {
            Ok(notification) => match serde_json::from_str::<Envelope>(notification.payload()) {
                Ok(envelope) => rooms.deliver(&envelope.room, envelope.text),
                Err(e) => eprintln!("ignoring a notification that is not an envelope: {e}"),
            },
            // `recv` reconnects by itself; an error here means it could not, this time.
            Err(e) => eprintln!("the listener lost the database: {e}"),
        }
    }
}
// ANCHOR_END: relay
