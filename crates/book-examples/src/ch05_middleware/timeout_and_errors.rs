//! Timeouts and panics as JSON errors, the `from_fn` way: one middleware that races the rest
//! of the app against a deadline and catches a panic as it unwinds out of it.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::FutureExt;
use serde_json::json;

fn error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

#[rustfmt::skip]
// ANCHOR: guard
pub async fn guard(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    // A panic inside becomes an Err here, not a
    // dead connection.
    let run = AssertUnwindSafe(next.run(request));
    let caught = run.catch_unwind();
    let answer = tokio::time::timeout(limit, caught);
    match answer.await {
        Ok(Ok(response)) => response,
        // The panic's message is for the log only.
        Ok(Err(_panic)) => {
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
        // Elapsed: the handler's future was dropped.
        Err(_elapsed) => {
            error(StatusCode::GATEWAY_TIMEOUT, "timeout")
        }
    }
}
// ANCHOR_END: guard

pub fn app(limit: Duration) -> Router {
    Router::new()
        .route("/report", get(report))
        .route("/crash", get(crash))
        .layer(middleware::from_fn_with_state(limit, guard))
}

async fn report() -> &'static str {
    tokio::time::sleep(Duration::from_secs(30)).await;
    "done"
}

async fn crash() -> &'static str {
    panic!("the report template is missing")
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;

    #[tokio::test]
    async fn a_slow_handler_is_a_json_504() {
        let response =
            TestClient::new(app(Duration::from_millis(50)))
                .get("/report")
                .await;
        response.assert_status(StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(response.json()["error"], "timeout");
    }

    #[tokio::test]
    async fn a_panic_is_a_json_500_that_says_nothing_inside() {
        testkit::blocking::silence_panics_containing(
            "the report template is missing",
        );
        let response =
            TestClient::new(app(Duration::from_secs(5)))
                .get("/crash")
                .await;
        response
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.json(),
            json!({"error": "internal"})
        );
    }
}
