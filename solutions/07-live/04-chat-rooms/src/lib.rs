//! Rooms: `GET /rooms/{room}/ws` joins a chat room over a WebSocket. Every text message a
//! member sends goes to every member (the sender too), through the room's broadcast channel.
//! A member that falls behind is told how many messages it missed, and never slows the
//! others; a member that leaves leaves nothing behind: no receiver, no task.
//!
//! Layout: `rooms.rs` holds a broadcast channel per room (provided); this file is the
//! WebSocket session that joins one.

mod rooms;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Router, routing::get};
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast::error::RecvError;

pub use rooms::{Rooms, lag_notice};

// ANCHOR: provided
pub fn app(rooms: Rooms) -> Router {
    Router::new()
        .route("/rooms/{room}/ws", get(join))
        .with_state(rooms)
}

async fn join(
    ws: WebSocketUpgrade,
    Path(room): Path<String>,
    State(rooms): State<Rooms>,
) -> Response {
    ws.on_upgrade(move |socket| session(socket, rooms, room))
}
// ANCHOR_END: provided

// ANCHOR: session
async fn session(socket: WebSocket, rooms: Rooms, room: String) {
    let (post, mut room_messages) = rooms.join(&room);
    // Two halves, so that sending to this member and reading from it happen at once.
    let (mut to_member, mut from_member) = socket.split();

    // The room's messages to this member. When the member is slow, this waits on its socket,
    // and only this member's receiver falls behind.
    let forward = async move {
        loop {
            let text = match room_messages.recv().await {
                Ok(text) => text,
                Err(RecvError::Lagged(missed)) => lag_notice(missed),
                Err(RecvError::Closed) => return,
            };
            if to_member.send(Message::text(text)).await.is_err() {
                return; // The member is gone.
            }
        }
    };

    // The member's messages to the room. A sender never waits for the receivers.
    let read = async move {
        while let Some(Ok(message)) = from_member.next().await {
            if let Message::Text(text) = message {
                let _ = post.send(text.to_string());
            }
        }
    };

    // Whichever half ends first ends the session, and dropping the other half drops the
    // receiver: no task to forget, nothing left in the room.
    tokio::select! {
        () = forward => {}
        () = read => {}
    }
}
// ANCHOR_END: session
