//! Authentication and origin on upgrade: `GET /ws/notifications` opens a signed-in user's
//! notifications socket, and refuses, before the upgrade, a request without a valid session
//! (401) or from a page of another site (403).
//!
//! Layout: `config.rs` holds the allowed origins, the sessions and the cookie parsing
//! (provided); this file is the check and the upgrade.
//!
//! Browsers send cookies with a WebSocket handshake whatever page opens it, and the
//! same-origin policy does not apply to WebSockets: without the `Origin` check, any site the
//! user visits can open this socket as the user (cross-site WebSocket hijacking).

mod config;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Router, routing::get};
use serde_json::json;

pub use config::{Config, SESSION_COOKIE, session_token};

pub fn app(config: Config) -> Router {
    Router::new()
        .route("/ws/notifications", get(notifications))
        .with_state(config)
}

async fn notifications(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(config): State<Config>,
) -> Response {
    // TODO: before upgrading, refuse with 403 and `{"error": "origin not allowed"}` a request
    // whose `Origin` header is missing or not allowed (`config.origin_allowed`), and with 401
    // and `{"error": "sign in first"}` one without a valid session (`session_token(&headers)`,
    // then `config.user(token)`). Then upgrade and run `session(socket, user)`.
    let _ = (ws, headers, config, session);
    todo!("check the origin and the session, then upgrade")
}

/// The signed-in user's session: a greeting, then nothing until the client leaves (the real
/// app would send notifications here).
async fn session(mut socket: WebSocket, user: String) {
    let hello = json!({ "hello": user }).to_string();
    if socket.send(Message::text(hello)).await.is_err() {
        return;
    }
    while let Some(Ok(_)) = socket.recv().await {}
}
