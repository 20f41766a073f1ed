//! Facts of the connection: `GET /client` answers the client's IP and port, which only a
//! server that records connection info can give it.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use tokio::net::TcpListener;

#[rustfmt::skip]
// ANCHOR: client
async fn client(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Json<Value> {
    let ip = peer.ip().to_string();
    Json(json!({"ip": ip, "port": peer.port()}))
}

pub fn app() -> Router {
    Router::new().route("/client", get(client))
}
// ANCHOR_END: client

// ANCHOR: serve
/// What `main` calls. `ConnectInfo` is put in each
/// request by the server, and only when asked.
pub async fn serve(
    listener: TcpListener,
) -> std::io::Result<()> {
    let app = app()
        .into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}
// ANCHOR_END: serve

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::connect_info::MockConnectInfo;
    use testkit::{TestClient, TestServer, json};

    // ANCHOR: oneshot
    #[tokio::test]
    async fn oneshot_sees_the_address_it_injects() {
        let from = SocketAddr::from(([10, 0, 0, 1], 5000));
        let app = app().layer(MockConnectInfo(from));
        let client = TestClient::new(app);
        let answer = client.get("/client").await.json();
        let expected = json!({"ip": "10.0.0.1", "port": 5000});
        assert_eq!(answer, expected);
    }
    // ANCHOR_END: oneshot

    // ANCHOR: real_server
    #[tokio::test]
    async fn a_real_server_sees_each_connections_own_port() {
        let server = TestServer::start_with(serve).await;
        let (one, two) =
            (reqwest::Client::new(), reqwest::Client::new());
        let mut seen = Vec::new();
        for http in [one, two] {
            let answer = http
                .get(server.url("/client"))
                .send()
                .await
                .unwrap();
            seen.push(answer.json::<Value>().await.unwrap());
        }
        assert_eq!(
            (seen[0]["ip"].as_str(), seen[1]["ip"].as_str()),
            (Some("127.0.0.1"), Some("127.0.0.1"))
        );
        assert_ne!(seen[0]["port"], seen[1]["port"]);
    }
    // ANCHOR_END: real_server

    #[tokio::test]
    async fn a_plain_axum_serve_has_no_connect_info() {
        let server = TestServer::start(app()).await;
        let answer =
            reqwest::get(server.url("/client")).await.unwrap();
        assert_eq!(
            answer.status(),
            reqwest::StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
