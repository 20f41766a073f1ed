//! Fake upstream services for the tests: an axum router on a loopback port.

use axum::Router;
use axum::routing::MethodRouter;

use super::dashboard_gather::Services;

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

/// The trip page's three services on one fake: `/flights`, `/hotels` and `/rates`, each
/// answered by its own handler.
pub async fn services(
    flights: MethodRouter,
    hotels: MethodRouter,
    rates: MethodRouter,
) -> Services {
    let router = Router::new()
        .route("/flights", flights)
        .route("/hotels", hotels)
        .route("/rates", rates);
    let base = serve(router).await;
    Services {
        flights: format!("{base}/flights"),
        hotels: format!("{base}/hotels"),
        rates: format!("{base}/rates"),
    }
}
