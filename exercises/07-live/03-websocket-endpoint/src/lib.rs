//! A WebSocket endpoint: `GET /ws/words` upgrades to a WebSocket that counts the words of
//! each text message, reverses each binary one, answers pings, refuses messages over
//! [`MAX_MESSAGE`] bytes with close code 1009, and bad input with close code 1007.
//!
//! Layout: `protocol.rs` holds what a text message means and the session gauge (provided);
//! this file is the upgrade and the session's loop.

mod protocol;

use axum::extract::State;
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::{Router, routing::get};

pub use protocol::{Sessions, answer};

/// The largest message a client may send, in bytes.
pub const MAX_MESSAGE: usize = 4096;

pub fn app(sessions: Sessions) -> Router {
    Router::new()
        .route("/ws/words", get(upgrade))
        .with_state(sessions)
}

async fn upgrade(ws: WebSocketUpgrade, State(sessions): State<Sessions>) -> Response {
    // TODO: upgrade the connection (`ws.on_upgrade(..)`) and run `session` on the socket.
    let _ = (ws, sessions, session);
    todo!("upgrade to a WebSocket")
}

async fn session(socket: WebSocket, sessions: Sessions) {
    // TODO: count the session as open (`sessions.open()`) while it runs. For each message:
    // a text one gets `answer(&text)` back as text, or, when `answer` says `None`, a close
    // frame with code 1007 (`close_code::INVALID`); a binary one gets its bytes reversed.
    // A message over MAX_MESSAGE bytes gets a close frame with code 1009 (`close_code::SIZE`).
    // End when the client closes or leaves.
    let _ = (socket, sessions);
    todo!("run the WebSocket session")
}
