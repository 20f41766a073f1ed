//! A WebSocket endpoint, spoken to by a real WebSocket client (tokio-tungstenite) over
//! loopback: text and binary messages, ping and pong, the closing handshake, the size limit
//! and bad input, each with the close code a client can act on.

use std::time::Duration;

use testkit::check_eq;
use testkit::live::{WsClient, WsMessage};
use testkit::probe::PATIENCE;
use testkit::serving::{http_client, send};
use testkit::{TestServer, assert_response_snapshot};
use websocket_endpoint::{MAX_MESSAGE, Sessions, app};

/// Close codes of RFC 6455 that the endpoint uses.
const INVALID_PAYLOAD: u16 = 1007;
const MESSAGE_TOO_BIG: u16 = 1009;

async fn connect(server: &TestServer) -> WsClient {
    let url = format!("ws://{}/ws/words", server.addr());
    WsClient::connect(&url, PATIENCE).await
}

async fn reply(client: &mut WsClient, to: &str) -> WsMessage {
    client
        .next(PATIENCE)
        .await
        .unwrap_or_else(|why| panic!("waiting for the answer to {to}: {why}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_get_is_told_to_upgrade() {
    let server = TestServer::start(app(Sessions::default())).await;
    let res = send(http_client().get(server.url("/ws/words")))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_response_snapshot!("plain_get", res);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_and_binary_messages_get_their_answers() {
    let server = TestServer::start(app(Sessions::default())).await;
    let mut client = connect(&server).await;

    client.send_text(r#"{"text": "hello async world"}"#).await;
    let text = reply(&mut client, "a text message").await;
    check_eq!(
        text,
        WsMessage::text(r#"{"upper":"HELLO ASYNC WORLD","words":3}"#),
        "a text message `{{\"text\": ..}}` gets `answer(&text)` back, as a text message"
    );

    client.send(WsMessage::binary(vec![1_u8, 2, 3, 4])).await;
    let binary = reply(&mut client, "a binary message").await;
    check_eq!(
        binary,
        WsMessage::binary(vec![4_u8, 3, 2, 1]),
        "a binary message gets its bytes back reversed, as a binary message"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_gets_its_pong() {
    let server = TestServer::start(app(Sessions::default())).await;
    let mut client = connect(&server).await;
    client
        .send(WsMessage::Ping(b"are you there".to_vec().into()))
        .await;
    let pong = reply(&mut client, "a ping").await;
    check_eq!(
        pong,
        WsMessage::Pong(b"are you there".to_vec().into()),
        "a ping gets a pong with the same payload. axum's `recv()` sends it, while the \
         session is waiting in `recv()`: a session that stops reading stops answering pings"
    );
}

// ANCHOR: bad_input_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_closes_with_code_1007() {
    let server = TestServer::start(app(Sessions::default())).await;
    let mut client = connect(&server).await;
    client.send_text("hello").await;
    let closed = client.closed(PATIENCE).await;
    let code = closed
        .as_ref()
        .ok()
        .and_then(|frame| frame.as_ref().map(|f| f.0));
    let why = match &closed {
        Ok(None) => {
            "A close frame without a code (`Message::Close(None)`) says the session ended, \
             not why: send a `CloseFrame` with the code and a reason."
        }
        Ok(Some(_)) => "Each close code means something else to the client: 1007 is bad input.",
        Err(_) => "Dropping the socket without a close frame looks like a network failure.",
    };
    check_eq!(
        code,
        Some(INVALID_PAYLOAD),
        "`hello` is not `{{\"text\": ..}}`: the server should close with code 1007 (invalid \
         payload, `close_code::INVALID`) and a reason, so the client knows it was its fault \
         and does not reconnect to send it again. It got {closed:?}. {why}"
    );
}
// ANCHOR_END: bad_input_test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_the_limit_closes_with_code_1009() {
    let server = TestServer::start(app(Sessions::default())).await;
    let mut client = connect(&server).await;
    let big = format!(r#"{{"text": "{}"}}"#, "a".repeat(MAX_MESSAGE));
    client.send_text(&big).await;
    let closed = client.closed(PATIENCE).await;
    let code = closed
        .as_ref()
        .ok()
        .and_then(|frame| frame.as_ref().map(|f| f.0));
    check_eq!(
        code,
        Some(MESSAGE_TOO_BIG),
        "a message of {} bytes is over the limit of MAX_MESSAGE ({MAX_MESSAGE}): the server \
         should close with code 1009 (message too big, `close_code::SIZE`). It got {closed:?}. \
         Without a limit, one client can make the server buffer any amount of memory.",
        big.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_ends_when_the_client_closes() {
    let sessions = Sessions::default();
    let server = TestServer::start(app(sessions.clone())).await;
    let mut client = connect(&server).await;
    client.send_text(r#"{"text": "one"}"#).await;
    reply(&mut client, "a text message").await;
    check_eq!(
        sessions.count(),
        1,
        "one client, one session (`sessions.open()`)"
    );

    client.close().await;
    let answered = client.closed(PATIENCE).await;
    assert!(
        answered.is_ok(),
        "the client started the closing handshake; the server should answer with a close \
         frame of its own (`recv()` does it, if the session keeps reading): {answered:?}"
    );
    let ended = tokio::time::timeout(PATIENCE, async {
        while sessions.count() > 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the client closed the connection, but the session still runs after {PATIENCE:?}: \
         end the loop when `recv()` returns `None` (or a `Message::Close`)"
    );
}
