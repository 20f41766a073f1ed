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
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use serde_json::json;

pub use config::{Config, SESSION_COOKIE, session_token};

pub fn app(config: Config) -> Router {
    Router::new()
        .route("/ws/notifications", get(notifications))
        .with_state(config)
}

// ANCHOR: check
async fn notifications(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(config): State<Config>,
) -> Response {
    // Both checks run on the handshake request, before anything is upgraded: a refusal is a
    // plain HTTP answer that the page opening the socket cannot read past.
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok());
    if !origin.is_some_and(|origin| config.origin_allowed(origin)) {
        return refuse(StatusCode::FORBIDDEN, "origin not allowed");
    }
    let Some(user) = session_token(&headers).and_then(|token| config.user(token)) else {
        return refuse(StatusCode::UNAUTHORIZED, "sign in first");
    };
    let user = user.to_owned();
    ws.on_upgrade(move |socket| session(socket, user))
}

fn refuse(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}
// ANCHOR_END: check

// ANCHOR: provided
/// The signed-in user's session: a greeting, then nothing until the client leaves (the real
/// app would send notifications here).
async fn session(mut socket: WebSocket, user: String) {
    let hello = json!({ "hello": user }).to_string();
    if socket.send(Message::text(hello)).await.is_err() {
        return;
    }
    while let Some(Ok(_)) = socket.recv().await {}
}
// ANCHOR_END: provided
