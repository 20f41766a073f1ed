//! This instance's rooms and their WebSocket sessions (the chat-rooms exercise, condensed).
//!
//! A member's message does not go straight to the room's broadcast channel: it goes to
//! [`Post`], which sends it through the database, and comes back to the rooms of every
//! instance, this one included, through [`Rooms::deliver`]. One path for every message, so
//! the members of one instance see the same order as the members of another.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Router, routing::get};
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast;

/// How far behind a member may fall before it loses messages.
const CAPACITY: usize = 64;

#[derive(Clone, Debug, Default)]
pub struct Rooms {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>,
}

impl Rooms {
    /// Joins `room` on this instance: a receiver of what is delivered to it from now on.
    pub fn join(&self, room: &str) -> broadcast::Receiver<String> {
        self.lock()
            .entry(room.to_owned())
            .or_insert_with(|| broadcast::Sender::new(CAPACITY))
            .subscribe()
    }

    /// Hands `text` to every member of `room` on this instance (none: nothing to do).
    pub fn deliver(&self, room: &str, text: String) {
        if let Some(sender) = self.lock().get(room) {
            let _ = sender.send(text);
        }
    }

    /// How many members `room` has on this instance.
    pub fn members(&self, room: &str) -> usize {
        self.lock()
            .get(room)
            .map_or(0, broadcast::Sender::receiver_count)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, broadcast::Sender<String>>> {
        self.rooms
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Sends a member's message on its way to the room, on every instance.
pub type Post =
    Arc<dyn Fn(String, String) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// `GET /rooms/{room}/ws`: a member's WebSocket. `post(room, text)` sends what it says.
pub fn app(rooms: Rooms, post: Post) -> Router {
    Router::new()
        .route("/rooms/{room}/ws", get(join))
        .with_state((rooms, post))
}

async fn join(
    ws: WebSocketUpgrade,
    Path(room): Path<String>,
    State((rooms, post)): State<(Rooms, Post)>,
) -> Response {
    // Joined before the 101: a member gets everything delivered after its handshake.
    let receiver = rooms.join(&room);
    ws.on_upgrade(move |socket| session(socket, receiver, post, room))
}

async fn session(
    socket: WebSocket,
    mut room_messages: broadcast::Receiver<String>,
    post: Post,
    room: String,
) {
    let (mut to_member, mut from_member) = socket.split();
    let forward = async move {
        loop {
            let text = match room_messages.recv().await {
                Ok(text) => text,
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    serde_json::json!({ "lagged": missed }).to_string()
                }
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if to_member.send(Message::text(text)).await.is_err() {
                return;
            }
        }
    };
    let read = async move {
        while let Some(Ok(message)) = from_member.next().await {
            if let Message::Text(text) = message {
                post(room.clone(), text.to_string()).await;
            }
        }
    };
    tokio::select! {
        () = forward => {}
        () = read => {}
    }
}
