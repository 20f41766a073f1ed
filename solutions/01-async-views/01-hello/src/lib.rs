//! The smallest async view: `GET /hello` answers a JSON greeting.

use axum::{Json, Router, routing::get};
use serde::Serialize;

/// The JSON body of `GET /hello`.
#[derive(Debug, Serialize)]
pub struct Greeting {
    pub message: String,
}

/// The application: one route, one handler.
// ANCHOR: app
pub fn app() -> Router {
    Router::new().route("/hello", get(hello))
}
// ANCHOR_END: app

// ANCHOR: handler
/// `GET /hello`. `Json` serializes the value and sets `content-type: application/json`;
/// the status defaults to `200 OK`.
async fn hello() -> Json<Greeting> {
    Json(Greeting {
        message: "Hello, async world!".to_owned(),
    })
}
// ANCHOR_END: handler
