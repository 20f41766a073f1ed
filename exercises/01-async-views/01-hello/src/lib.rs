//! The smallest async view: `GET /hello` answers a JSON greeting.

use axum::{Json, Router, routing::get};
use serde::Serialize;

/// The JSON body of `GET /hello`.
#[derive(Debug, Serialize)]
pub struct Greeting {
    pub message: String,
}

/// The application: one route, one handler. This part is done for you.
pub fn app() -> Router {
    Router::new().route("/hello", get(hello))
}

/// `GET /hello`.
async fn hello() -> Json<Greeting> {
    // TODO: answer `{"message": "Hello, async world!"}` as JSON with status 200 OK.
    todo!("build the greeting and wrap it in `Json`")
}
