//! A WebSocket endpoint: `GET /ws/words` upgrades to a WebSocket that counts the words of
//! each text message, reverses each binary one, answers pings, refuses messages over
//! [`MAX_MESSAGE`] bytes with close code 1009, and bad input with close code 1007.
//!
//! Layout: `protocol.rs` holds what a text message means and the session gauge (provided);
//! this file is the upgrade and the session's loop.

mod protocol;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::response::Response;
use axum::{Router, routing::get};

pub use protocol::{Sessions, answer};

// ANCHOR: provided
/// The largest message a client may send, in bytes.
pub const MAX_MESSAGE: usize = 4096;

pub fn app(sessions: Sessions) -> Router {
    Router::new()
        .route("/ws/words", get(upgrade))
        .with_state(sessions)
}
// ANCHOR_END: provided

// ANCHOR: upgrade
async fn upgrade(ws: WebSocketUpgrade, State(sessions): State<Sessions>) -> Response {
    // The library's own cap: a bigger message is refused while it is read, not after it has
    // been buffered whole. A little above our limit, so that ours, with its clear close
    // code, is the one a client meets.
    ws.max_message_size(2 * MAX_MESSAGE)
        .on_upgrade(move |socket| session(socket, sessions))
}
// ANCHOR_END: upgrade

// ANCHOR: session
async fn session(mut socket: WebSocket, sessions: Sessions) {
    let _open = sessions.open();
    // `recv` answers pings with pongs by itself, and returns `None` once the connection is
    // closed: the loop, and the session, end with it.
    while let Some(Ok(message)) = socket.recv().await {
        let reply = match message {
            Message::Text(text) if text.len() > MAX_MESSAGE => Err(too_big()),
            Message::Binary(bytes) if bytes.len() > MAX_MESSAGE => Err(too_big()),
            Message::Text(text) => match answer(&text) {
                Some(json) => Ok(Message::text(json)),
                None => Err(close(close_code::INVALID, "expected {\"text\": \"...\"}")),
            },
            Message::Binary(bytes) => {
                let mut reversed = bytes.to_vec();
                reversed.reverse();
                Ok(Message::binary(reversed))
            }
            // Pongs and the client's close need no answer from us.
            Message::Ping(_) | Message::Pong(_) | Message::Close(_) => continue,
        };
        match reply {
            Ok(reply) => {
                if socket.send(reply).await.is_err() {
                    return; // The client is gone.
                }
            }
            Err(close) => {
                let _ = socket.send(close).await;
                return;
            }
        }
    }
}

fn too_big() -> Message {
    let reason = format!("message too big: at most {MAX_MESSAGE} bytes");
    close(close_code::SIZE, &reason)
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
// ANCHOR_END: session
