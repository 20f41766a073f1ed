//! "A WebSocket endpoint": a guessing game. The server thinks of a number; each text message
//! is a guess and gets "higher" or "lower"; the right guess closes the game normally (1000),
//! and a message that is not a number closes it with 1007 (invalid payload).

use axum::extract::ws::{
    CloseFrame, Message, WebSocket, WebSocketUpgrade,
    close_code,
};
use axum::response::Response;
use axum::{Router, routing::get};

/// The number to guess.
pub const SECRET: i64 = 42;

pub fn app() -> Router {
    Router::new().route("/ws/guess", get(guess))
}

// ANCHOR: game
async fn guess(ws: WebSocketUpgrade) -> Response {
    // Answer `101 Switching Protocols` now; play on the upgraded connection afterwards.
    ws.on_upgrade(play)
}

async fn play(mut socket: WebSocket) {
    while let Some(Ok(message)) = socket.recv().await {
        let Message::Text(text) = message else {
            continue; // Pings are answered inside `recv`; other messages are ignored.
        };
        let reply = match text.trim().parse::<i64>() {
            Ok(n) if n < SECRET => Message::text("higher"),
            Ok(n) if n > SECRET => Message::text("lower"),
            Ok(_) => close(close_code::NORMAL, "you win"),
            Err(_) => {
                close(close_code::INVALID, "send a number")
            }
        };
        let game_over = matches!(reply, Message::Close(_));
        if socket.send(reply).await.is_err() || game_over {
            return;
        }
    }
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
// ANCHOR_END: game

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use testkit::TestServer;
    use testkit::live::{WsClient, WsMessage};

    use super::*;

    const PATIENCE: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn guesses_get_hints_and_the_right_one_wins() {
        let server = TestServer::start(app()).await;
        let url = format!("ws://{}/ws/guess", server.addr());
        let mut client =
            WsClient::connect(&url, PATIENCE).await;
        client.send_text("10").await;
        assert_eq!(
            client.next(PATIENCE).await,
            Ok(WsMessage::text("higher"))
        );
        client.send_text("50").await;
        assert_eq!(
            client.next(PATIENCE).await,
            Ok(WsMessage::text("lower"))
        );
        client.send_text("42").await;
        assert_eq!(
            client.closed(PATIENCE).await,
            Ok(Some((1000, "you win".into())))
        );
    }

    #[tokio::test]
    async fn a_guess_that_is_not_a_number_closes_with_1007() {
        let server = TestServer::start(app()).await;
        let url = format!("ws://{}/ws/guess", server.addr());
        let mut client =
            WsClient::connect(&url, PATIENCE).await;
        client.send_text("forty-two").await;
        assert_eq!(
            client.closed(PATIENCE).await,
            Ok(Some((1007, "send a number".into())))
        );
    }
}
