//! Fake upstream services for the tests: an axum router on a loopback port.

use axum::Router;

/// Serves `router` on 127.0.0.1 and answers its base URL. The server lives until the test's
/// runtime ends.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let address =
        listener.local_addr().expect("a bound address");
    tokio::spawn(
        async move { axum::serve(listener, router).await },
    );
    format!("http://{address}")
}
