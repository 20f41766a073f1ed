//! Rooms: `GET /rooms/{room}/ws` joins a chat room over a WebSocket. Every text message a
//! member sends goes to every member (the sender too), through the room's broadcast channel.
//! A member that falls behind is told how many messages it missed, and never slows the
//! others; a member that leaves leaves nothing behind: no receiver, no task.
//!
//! Layout: `rooms.rs` holds a broadcast channel per room (provided); this file is the
//! WebSocket session that joins one.

mod rooms;

use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Router, routing::get};

pub use rooms::{Rooms, lag_notice};

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

async fn session(socket: WebSocket, rooms: Rooms, room: String) {
    // TODO: join the room (`rooms.join(&room)`). Send every message of the room to this
    // member as text (and `lag_notice(n)` when the receiver says `Lagged(n)`), and post
    // every text message of the member to the room, both at once. When either side ends,
    // end the session and leave nothing behind: no receiver, no task.
    let _ = (socket, rooms, room);
    todo!("run a member's session in the room")
}
