//! "Rooms with broadcast": a price ticker. One publisher, any number of watchers, each on a
//! WebSocket; a watcher that falls behind skips to the latest prices instead of slowing the
//! publisher, and a watcher that closes its tab takes its receiver with it.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::{Router, routing::get};
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast;

/// A price change, as the watchers get it: `{"symbol": "ACME", "cents": 12345}`.
pub type Price = String;
/// Where the publisher sends prices, and where each watcher subscribes.
pub type Prices = broadcast::Sender<Price>;

pub fn app(prices: Prices) -> Router {
    Router::new()
        .route("/ws/ticker", get(watch))
        .with_state(prices)
}

// ANCHOR: ticker
async fn watch(
    ws: WebSocketUpgrade,
    State(prices): State<Prices>,
) -> Response {
    // Subscribe before the upgrade: a watcher sees every price from its 101 on.
    let receiver = prices.subscribe();
    ws.on_upgrade(move |socket| send_prices(socket, receiver))
}

async fn send_prices(
    socket: WebSocket,
    mut prices: broadcast::Receiver<Price>,
) {
    let (mut to_watcher, mut from_watcher) = socket.split();
    let forward = async {
        loop {
            let price = match prices.recv().await {
                Ok(price) => price,
                // Too slow: the oldest prices are gone; go on with the ones still kept.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => {
                    return;
                }
            };
            if to_watcher
                .send(Message::text(price))
                .await
                .is_err()
            {
                return;
            }
        }
    };
    // Watchers send nothing; reading is how we learn that one has gone (and answer pings).
    let until_closed = async {
        while let Some(Ok(_)) = from_watcher.next().await {}
    };
    tokio::select! {
        () = forward => {}
        () = until_closed => {}
    }
    // Both halves and the receiver are dropped here: the watcher leaves nothing behind.
}
// ANCHOR_END: ticker

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use testkit::TestServer;
    use testkit::live::{WsClient, WsMessage};

    use super::*;

    const PATIENCE: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn watchers_get_prices_and_leave_no_receiver() {
        let prices = broadcast::Sender::new(16);
        let server =
            TestServer::start(app(prices.clone())).await;
        let url = format!("ws://{}/ws/ticker", server.addr());
        let mut watcher =
            WsClient::connect(&url, PATIENCE).await;
        assert_eq!(prices.receiver_count(), 1);

        let _ = prices.send(
            r#"{"symbol":"ACME","cents":12345}"#.to_owned(),
        );
        let got = watcher.next(PATIENCE).await;
        assert_eq!(
            got,
            Ok(WsMessage::text(
                r#"{"symbol":"ACME","cents":12345}"#
            ))
        );

        watcher.close().await;
        let _ = watcher.closed(PATIENCE).await;
        let gone = tokio::time::timeout(PATIENCE, async {
            while prices.receiver_count() > 0 {
                tokio::time::sleep(Duration::from_millis(5))
                    .await;
            }
        })
        .await;
        assert!(
            gone.is_ok(),
            "the watcher's receiver is dropped when it leaves"
        );
    }
}
