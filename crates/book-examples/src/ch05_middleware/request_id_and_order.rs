//! A value for everything inside, and the order of the onion: a tenant middleware puts the
//! request's `Tenant` in its extensions; an audit middleware inside it reads it; both write
//! what they see to a trail, so a test can read the onion.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

pub type Trail = Arc<Mutex<Vec<String>>>;

fn note(trail: &Trail, line: String) {
    trail.lock().unwrap_or_else(|e| e.into_inner()).push(line);
}

// ANCHOR: tenant_type
#[derive(Clone, Debug)]
pub struct Tenant(pub String);
// ANCHOR_END: tenant_type

/// 1 to 32 of `a-z`, `0-9`, `-`, starting with a letter.
fn usable(sent: &str) -> bool {
    let mut chars = sent.chars();
    let first =
        chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest = chars.all(|c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    });
    first && rest && sent.len() <= 32
}

#[rustfmt::skip]
// ANCHOR: tenant
pub async fn tenant(
    State(trail): State<Trail>,
    mut request: Request,
    next: Next,
) -> Response {
    let sent = request.headers().get("x-tenant");
    let sent = sent.and_then(|v| v.to_str().ok());
    let name = match sent {
        Some(s) if usable(s) => s.to_owned(),
        _ => "public".to_owned(),
    };
    note(&trail, format!("tenant in: {name}"));
    // For everything inside: request.tenant = ...
    request.extensions_mut().insert(Tenant(name.clone()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&name) {
        response.headers_mut().insert("x-tenant", value);
    }
    note(&trail, "tenant out".into());
    response
}
// ANCHOR_END: tenant

#[rustfmt::skip]
// ANCHOR: audit
pub async fn audit(
    State(trail): State<Trail>,
    request: Request,
    next: Next,
) -> Response {
    let tenant = request.extensions().get::<Tenant>();
    let seen = tenant.map_or("none", |t| t.0.as_str());
    note(&trail, format!("audit in: {seen}"));
    let response = next.run(request).await;
    let status = response.status().as_u16();
    note(&trail, format!("audit out: {status}"));
    response
}
// ANCHOR_END: audit

#[rustfmt::skip]
// ANCHOR: whose
async fn whose(
    Extension(tenant): Extension<Tenant>,
) -> Json<Value> {
    Json(json!({ "tenant": tenant.0 }))
}
// ANCHOR_END: whose

// ANCHOR: app
pub fn app(trail: Trail) -> Router {
    use middleware::from_fn_with_state as mw;
    Router::new()
        .route("/whose", get(whose))
        // Each .layer wraps what is above it: the
        // LAST one is the outermost.
        .layer(mw(trail.clone(), audit))
        .layer(mw(trail, tenant))
}
// ANCHOR_END: app

// ANCHOR: top_down
// WRONG: listed the way Django's MIDDLEWARE reads,
// the audit ends up outside and sees no tenant.
pub fn top_down(trail: Trail) -> Router {
    use middleware::from_fn_with_state as mw;
    Router::new()
        .route("/whose", get(whose))
        .layer(mw(trail.clone(), tenant))
        .layer(mw(trail, audit))
}
// ANCHOR_END: top_down

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;

    fn lines(trail: &Trail) -> Vec<String> {
        trail.lock().unwrap().clone()
    }

    #[tokio::test]
    async fn the_last_layer_is_the_outermost() {
        let trail = Trail::default();
        let response = TestClient::new(app(trail.clone()))
            .get("/whose")
            .header("x-tenant", "acme")
            .await;
        assert_eq!(response.json()["tenant"], "acme");
        assert_eq!(response.header("x-tenant"), Some("acme"));
        assert_eq!(
            lines(&trail),
            [
                "tenant in: acme",
                "audit in: acme",
                "audit out: 200",
                "tenant out"
            ]
        );
    }

    #[tokio::test]
    async fn listed_top_down_the_audit_sees_no_tenant() {
        let trail = Trail::default();
        TestClient::new(top_down(trail.clone()))
            .get("/whose")
            .header("x-tenant", "acme")
            .await;
        assert_eq!(lines(&trail)[0], "audit in: none");
    }

    #[tokio::test]
    async fn an_unusable_tenant_is_replaced() {
        let response = TestClient::new(app(Trail::default()))
            .get("/whose")
            .header("x-tenant", "DROP TABLE")
            .await;
        assert_eq!(response.header("x-tenant"), Some("public"));
    }
}
