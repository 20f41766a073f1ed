//! An access log: one line on the way in, one on the way out, for every request.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::log::Log;
use crate::seen::{id_of_request, id_of_response};

pub async fn access_log(State(log): State<Log>, request: Request, next: Next) -> Response {
    let line = format!(
        "{} {}, request id {}",
        request.method(),
        request.uri().path(),
        id_of_request(&request)
    );
    log.record('→', "access-log", line);
    let response = next.run(request).await;
    let line = format!(
        "{}, x-request-id {}",
        response.status(),
        id_of_response(&response)
    );
    log.record('←', "access-log", line);
    response
}
