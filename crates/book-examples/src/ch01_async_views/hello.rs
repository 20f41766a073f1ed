//! Page "Hello, async world": a health check, `GET /status`, answered as JSON.

// ANCHOR: status
use axum::{Json, Router, routing::get};
use serde::Serialize;

#[derive(Serialize)]
pub struct Status {
    pub status: &'static str,
    pub version: &'static str,
}

pub fn app() -> Router {
    Router::new().route("/status", get(status))
}

async fn status() -> Json<Status> {
    Json(Status {
        status: "ok",
        version: "1.0",
    })
}
// ANCHOR_END: status

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::json;
    use testkit::TestClient;

    #[tokio::test]
    async fn status_is_json_with_200() {
        let res =
            TestClient::new(super::app()).get("/status").await;
        res.assert_status(StatusCode::OK).assert_json();
        assert_eq!(
            res.json(),
            json!({"status": "ok", "version": "1.0"})
        );
    }
}
