//! What usually causes a wrong status, so that a failed status assertion says why and where to
//! look, not only what. Tests that know the cause in their exercise say it instead, with
//! [`super::TestResponse::assert_status_because`].

use axum::http::StatusCode;

/// The usual causes of answering `actual` where `expected` was due, and what to look at.
/// `body` is the response's text: axum's own rejections and its 404 leave marks in it.
pub(super) fn usual_cause(actual: StatusCode, expected: StatusCode, body: &str) -> String {
    let (a, e) = (actual.as_u16(), expected.as_u16());
    let hint = match (a, e) {
        (404, _) if body.is_empty() => {
            "No route matched: axum's fallback answers an empty 404. Check the path and method \
             given to `Router::route` (axum 0.8 writes a parameter as `/{id}`, not `/:id`), and \
             that the router you return is the one with the route."
        }
        (405, _) => {
            "A route matches this path, but not this method: chain it onto the same route, \
             `.route(\"/path\", get(list).post(create))`."
        }
        (415, _) => {
            "axum's `Json` extractor refused the request because its `content-type` is not \
             `application/json`: the body below is axum's own message."
        }
        (400, 200..=299) => {
            "An extractor rejected the request before your handler ran: JSON that does not \
             parse, or a query or path parameter of the wrong type. The body below is its \
             message."
        }
        (422, 200..=299) => {
            "axum's `Json` extractor could not turn the body into your struct (a field \
             missing, or of another type): compare the body's message below with the struct's \
             field names and types."
        }
        (200, 201) => {
            "A create answers 201 Created, not 200: return `(StatusCode::CREATED, Json(..))` \
             (Django REST framework's `status=201`)."
        }
        (200, 204) | (201, 204) => {
            "Nothing to send back answers 204 No Content: return `StatusCode::NO_CONTENT`."
        }
        (422, 400) => {
            "This body is not JSON at all (it does not parse), which is 400 Bad Request; 422 \
             is for JSON that parses but does not fit the struct (a field missing, or of \
             another type). If you map axum's `JsonRejection` yourself, keep its own status \
             (`rejection.status()`): a `JsonSyntaxError` is 400, a `JsonDataError` 422."
        }
        (400, 422) => {
            "This body is valid JSON that does not fit the struct (a field missing, or of \
             another type), which is 422 Unprocessable Entity; 400 is for a body that does not \
             parse at all. If you map axum's `JsonRejection` yourself, keep its own status \
             (`rejection.status()`): a `JsonDataError` is 422."
        }
        (400 | 422, 413) => {
            "The body is over the limit, and the answer was the one for a malformed body: the \
             limit's rejection was turned into your JSON error with another status. axum's \
             `JsonRejection::BytesRejection` carries 413 (`rejection.status()`): keep it when \
             you map rejections to your error type."
        }
        (400, 404) if !body.is_empty() => {
            "An extractor refused the path before your handler ran (a `Path<i64>` given text \
             answers 400): the body below is its message. If the page says such a path is \
             simply not found, take the parameter as a `String` and answer 404 yourself."
        }
        (200..=299, 503) => {
            "The request was served where the service should have turned it away (503 \
             Service Unavailable): the check that refuses it (a full queue, a limit on work in \
             flight, a shutting-down flag) did not run for this route, or let it through."
        }
        (200..=299, 404) => {
            "The handler answered success for something that does not exist. A lookup that \
             finds nothing (`None` from `.get()`, `fetch_optional`) must become a 404 error, \
             like Django's `get_object_or_404`, not a default value."
        }
        (200..=299, 413) => {
            "The body is over the limit and was accepted anyway: the limit is not applied. \
             Add the `DefaultBodyLimit::max(..)` layer to the router (axum's default is 2 MB)."
        }
        (200..=299, 401) | (200..=299, 403) => {
            "The request got through without the right credentials: the check does not run for \
             this route (look at where the middleware layer is added, and its order), or it \
             lets the request go on instead of answering the error."
        }
        (401, 403) => {
            "401 means \"who are you?\" (no credentials, or wrong ones); 403 means \"I know who \
             you are, and you may not\". This request had valid credentials without the right."
        }
        (403, 401) => {
            "403 means \"you may not\"; a request with no valid credentials is 401 \"who are \
             you?\", with a `WWW-Authenticate` header."
        }
        (200..=299, 400..=499) => {
            "Input that should be refused was accepted: validate it before you use or store \
             it, and answer the error the exercise's page names."
        }
        (408, 504) => {
            "408 Request Timeout is tower-http's default for `TimeoutLayer::new`, and it says the \
             client was too slow. The server gave up on its own work here: answer 504 Gateway \
             Timeout, with `TimeoutLayer::with_status_code(StatusCode::GATEWAY_TIMEOUT, ..)`."
        }
        (502, 504) => {
            "504 is for an upstream that did not answer in time, 502 for one that answered \
             badly or could not be reached: check `error.is_timeout()` before choosing."
        }
        (504, 502) => {
            "This upstream answered (badly) or could not be reached, which is 502 Bad Gateway; \
             504 is only for an upstream that did not answer in time."
        }
        (200..=299, 502) => {
            "An upstream's failure was answered as a success. reqwest gives you any answer, a \
             503 or a 404 included, as `Ok(response)`: check `response.status()` before you \
             parse the body, and answer 502 Bad Gateway when the upstream failed."
        }
        (400..=499 | 503, 502) => {
            "The upstream's own status was passed on. When a service you call fails, your \
             answer is 502 Bad Gateway, whatever it said: map its failure in your error type."
        }
        (500, 502..=504) => {
            "An upstream's failure became a 500, which says your own code broke. Map it to 502 \
             (a bad answer, a failed connection) or 504 (no answer in time) in your error type."
        }
        (500, _) => {
            "The handler returned an error that answers 500, or panicked: the body below (and \
             any panic printed above) says which."
        }
        (400..=599, 200..=299) => {
            "The handler answered an error where a success was due: the body below usually \
             says which error it was and where it came from."
        }
        _ => {
            "Compare the case this test sends with the exercise's page, which says which status \
             each case answers; the body below usually says which branch answered."
        }
    };
    hint.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_gets_a_cause() {
        for actual in [
            200, 201, 204, 400, 401, 403, 404, 405, 408, 413, 415, 422, 500, 502, 503, 504,
        ] {
            for expected in [200, 201, 204, 400, 401, 403, 404, 413, 422, 502, 503, 504] {
                let actual = StatusCode::from_u16(actual).expect("a status");
                let expected = StatusCode::from_u16(expected).expect("a status");
                assert!(!usual_cause(actual, expected, "").is_empty());
            }
        }
        let cause = usual_cause(StatusCode::REQUEST_TIMEOUT, StatusCode::GATEWAY_TIMEOUT, "");
        assert!(cause.contains("with_status_code"), "{cause}");
        // The three bodies axum's `Json` refuses are told apart by their status.
        let cause = usual_cause(StatusCode::BAD_REQUEST, StatusCode::PAYLOAD_TOO_LARGE, "x");
        assert!(cause.contains("BytesRejection"), "{cause}");
        let cause = usual_cause(
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::BAD_REQUEST,
            "x",
        );
        assert!(cause.contains("JsonSyntaxError"), "{cause}");
    }
}
