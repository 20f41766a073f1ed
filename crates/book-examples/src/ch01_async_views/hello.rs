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

/// The wrong version: the right words as a `String`.
pub mod wrong {
    use axum::{Router, routing::get};

    // ANCHOR: wrong
    /// Sent as `text/plain`, however JSON it looks.
    async fn status() -> String {
        r#"{"status": "ok", "version": "1.0"}"#.to_owned()
    }
    // ANCHOR_END: wrong

    pub fn app() -> Router {
        Router::new().route("/status", get(status))
    }
}

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

    #[tokio::test]
    async fn the_wrong_version_is_text_plain() {
        let client = TestClient::new(super::wrong::app());
        let res = client.get("/status").await;
        let text_plain = "text/plain; charset=utf-8";
        assert_eq!(res.content_type(), Some(text_plain));
    }
}
