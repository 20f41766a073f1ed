//! Authentication with state: `X-Api-Key` names a client, or the request stops in the
//! middleware with a 401; only the `/stats` routes are protected.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

// ANCHOR: keys
#[derive(Clone, Debug)]
pub struct Client(pub String);

/// The middleware's own state: key -> client.
pub type ApiKeys = Arc<HashMap<String, Client>>;
// ANCHOR_END: keys

#[rustfmt::skip]
// ANCHOR: require_key
pub async fn require_key(
    State(keys): State<ApiKeys>,
    mut request: Request,
    next: Next,
) -> Response {
    let sent = request.headers().get("x-api-key");
    let key = sent.and_then(|v| v.to_str().ok());
    let Some(client) = key.and_then(|k| keys.get(k)) else {
        // Stops here: the handler never runs.
        let body = json!({"error": "unauthorized"});
        return (StatusCode::UNAUTHORIZED, Json(body))
            .into_response();
    };
    request.extensions_mut().insert(client.clone());
    next.run(request).await
}
// ANCHOR_END: require_key

#[rustfmt::skip]
// ANCHOR: app
pub fn app(keys: ApiKeys) -> Router {
    let stats = Router::new()
        .route("/stats/{slug}", get(stats))
        .route_layer(middleware::from_fn_with_state(
            keys,
            require_key,
        ));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(stats)
}
// ANCHOR_END: app

#[rustfmt::skip]
// ANCHOR: stats
async fn stats(
    Extension(client): Extension<Client>,
    Path(slug): Path<String>,
) -> Json<Value> {
    Json(json!({"client": client.0, "slug": slug}))
}
// ANCHOR_END: stats

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;

    fn client() -> TestClient {
        let keys = [(
            "k-reader-1".to_owned(),
            Client("newsletter-bot".into()),
        )];
        TestClient::new(app(Arc::new(
            keys.into_iter().collect(),
        )))
    }

    #[tokio::test]
    async fn a_known_key_reaches_the_handler_with_its_client() {
        let response = client()
            .get("/stats/async-views")
            .header("x-api-key", "k-reader-1")
            .await;
        assert_eq!(response.json()["client"], "newsletter-bot");
    }

    #[tokio::test]
    async fn no_key_and_an_unknown_key_get_one_answer() {
        let client = client();
        let missing = client.get("/stats/async-views").await;
        let unknown = client
            .get("/stats/async-views")
            .header("x-api-key", "x")
            .await;
        missing.assert_status(StatusCode::UNAUTHORIZED);
        assert_eq!(missing.body, unknown.body);
    }

    #[tokio::test]
    async fn health_needs_no_key() {
        client()
            .get("/health")
            .await
            .assert_status(StatusCode::OK);
    }
}
