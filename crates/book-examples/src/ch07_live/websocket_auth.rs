//! "Authentication and origin on upgrade": a support chat for one ticket. The handshake is
//! refused before the upgrade when the page is not on this site (its `Origin` is not the
//! `Host` it asked), or when the ticket does not exist.
//!
//! The exercise checks a list of allowed origins and a session cookie; this example checks
//! the same-origin rule Channels' `AllowedHostsOriginValidator` applies, and a path parameter.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Router, routing::get};

pub fn app(open_tickets: HashSet<u64>) -> Router {
    Router::new()
        .route("/ws/support/{ticket}", get(support))
        .with_state(Arc::new(open_tickets))
}

// ANCHOR: same_origin
/// Whether the page that opened the socket is on the site it connects to: its `Origin`
/// (`https://blog.example`) names the same host as the request's `Host`.
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers.get(name).and_then(|value| value.to_str().ok())
    };
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin_host = origin
                .split_once("://")
                .map_or(origin, |(_, rest)| rest);
            origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

async fn support(
    ws: WebSocketUpgrade,
    Path(ticket): Path<u64>,
    headers: HeaderMap,
    State(open_tickets): State<Arc<HashSet<u64>>>,
) -> Response {
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "cross-site WebSocket refused",
        )
            .into_response();
    }
    if !open_tickets.contains(&ticket) {
        return (StatusCode::NOT_FOUND, "no such ticket")
            .into_response();
    }
    // Only now: 101 Switching Protocols.
    ws.on_upgrade(move |mut socket| async move {
        let hello =
            format!("you are in the chat of ticket {ticket}");
        let _ = socket.send(Message::text(hello)).await;
        while let Some(Ok(_)) = socket.recv().await {}
    })
}
// ANCHOR_END: same_origin

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use testkit::TestServer;
    use testkit::live::{WsClient, WsMessage};

    use super::*;

    const PATIENCE: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn the_sites_own_page_gets_its_ticket_and_others_are_refused()
     {
        let server =
            TestServer::start(app(HashSet::from([7]))).await;
        let addr = server.addr();
        let url = |ticket: u64| {
            format!("ws://{addr}/ws/support/{ticket}")
        };
        let own_page = format!("http://{addr}");

        let opened = WsClient::connect_with(
            &url(7),
            &[("Origin", &own_page)],
            PATIENCE,
        )
        .await;
        let mut socket = opened.unwrap_or_else(|r| {
            panic!("refused: {} {}", r.status, r.body)
        });
        let hello = socket.next(PATIENCE).await;
        assert_eq!(
            hello,
            Ok(WsMessage::text(
                "you are in the chat of ticket 7"
            ))
        );

        let other_site = [("Origin", "https://evil.example")];
        let refused = WsClient::connect_with(
            &url(7),
            &other_site,
            PATIENCE,
        )
        .await;
        assert_eq!(refused.err().map(|r| r.status), Some(403));
        let no_ticket = WsClient::connect_with(
            &url(8),
            &[("Origin", &own_page)],
            PATIENCE,
        )
        .await;
        assert_eq!(
            no_ticket.err().map(|r| r.status),
            Some(404)
        );
    }
}
