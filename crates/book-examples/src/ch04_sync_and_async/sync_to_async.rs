//! sync_to_async, on a feed importer: `GET /feeds/{name}` reads a partner's feed with a
//! synchronous legacy importer, and turns each way the call can end into an answer: the
//! titles, the importer's own errors (404, 422), or a panic (a 500 that tells nothing).

use std::time::Duration;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use serde_json::json;

// ANCHOR: import_feed
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("no feed named {0:?}")]
    NotFound(String),
    #[error("feed {0:?} is XML, not a list of titles")]
    Malformed(String),
}

/// The legacy importer: blocking, and it panics on
/// what its authors did not think of.
pub fn import_feed(
    name: &str,
) -> Result<Vec<String>, FeedError> {
    std::thread::sleep(Duration::from_millis(50));
    let titles = ["Tasks are cheap", "The async ORM"];
    match name {
        "rust" => Ok(titles.map(String::from).to_vec()),
        "broken" => Err(FeedError::Malformed(name.into())),
        "unmounted" => panic!("the share is not mounted"),
        _ => Err(FeedError::NotFound(name.into())),
    }
}
// ANCHOR_END: import_feed

#[rustfmt::skip]
// ANCHOR: feed
async fn feed(Path(name): Path<String>) -> Response {
    use FeedError::*;
    let read = {
        let name = name.clone();
        move || import_feed(&name)
    };
    match tokio::task::spawn_blocking(read).await {
        Ok(Ok(titles)) => {
            let body = json!({"feed": name, "titles": titles});
            Json(body).into_response()
        }
        Ok(Err(e @ NotFound(_))) => {
            answer(StatusCode::NOT_FOUND, "not_found", &e)
        }
        Ok(Err(e @ Malformed(_))) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            answer(status, "malformed_feed", &e)
        }
        // The closure panicked (or was cancelled):
        // our bug, so a 500 that says nothing inside.
        Err(_join_error) => {
            let status = StatusCode::INTERNAL_SERVER_ERROR;
            answer(status, "internal", &"internal error")
        }
    }
}
// ANCHOR_END: feed

fn answer(
    status: StatusCode,
    error: &str,
    message: &dyn std::fmt::Display,
) -> Response {
    let body =
        json!({"error": error, "message": message.to_string()});
    (status, Json(body)).into_response()
}

pub fn app() -> Router {
    Router::new().route("/feeds/{name}", get(feed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::{StatusCode, TestClient, json};

    #[tokio::test]
    async fn the_titles_come_back_from_the_blocking_pool() {
        let response =
            TestClient::new(app()).get("/feeds/rust").await;
        response.assert_status(StatusCode::OK);
        assert_eq!(
            response.json(),
            json!({"feed": "rust", "titles": ["Tasks are cheap", "The async ORM"]})
        );
    }

    #[tokio::test]
    async fn the_importers_errors_become_answers() {
        let client = TestClient::new(app());
        let missing = client.get("/feeds/nope").await;
        missing.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(
            missing.json()["message"],
            "no feed named \"nope\""
        );
        let broken = client.get("/feeds/broken").await;
        broken.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(broken.json()["error"], "malformed_feed");
    }

    #[tokio::test]
    async fn a_panic_comes_back_as_a_500_and_the_app_keeps_serving()
     {
        testkit::blocking::silence_panics_containing(
            "the share is not mounted",
        );
        let client = TestClient::new(app());
        let crashed = client.get("/feeds/unmounted").await;
        crashed
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(crashed.json()["message"], "internal error");
        client
            .get("/feeds/rust")
            .await
            .assert_status(StatusCode::OK);
    }
}
