//! Authentication and origin on upgrade: the handshake request is checked before anything is
//! upgraded. A real WebSocket client over loopback plays the user's browser on the blog's own
//! page, the same browser on another site's page (which sends the user's cookie too), and a
//! visitor who is not signed in.

use testkit::check_eq;
use testkit::live::{Refused, WsClient, WsMessage};
use testkit::probe::PATIENCE;
use testkit::{TestServer, Value, assert_json_snapshot, json};
use websocket_auth::{Config, app};

const BLOG: &str = "https://blog.example";
const EVIL: &str = "https://evil.example";
/// A site whose origin begins with the blog's: a check by prefix lets it in.
const LOOKALIKE: &str = "https://blog.example.evil.example";
const ADA_COOKIE: &str = "theme=dark; session=ada-token";

async fn server() -> TestServer {
    let config = Config::new(&[BLOG], &[("ada-token", "ada")]);
    TestServer::start(app(config)).await
}

async fn open(server: &TestServer, headers: &[(&str, &str)]) -> Result<WsClient, Refused> {
    let url = format!("ws://{}/ws/notifications", server.addr());
    WsClient::connect_with(&url, headers, PATIENCE).await
}

/// The refusal a handshake must get, or a failure that says what went wrong.
async fn refused(server: &TestServer, headers: &[(&str, &str)], why: &str) -> Value {
    match open(server, headers).await {
        Err(Refused { status, body }) => {
            let body: Value = testkit::serde_json::from_str(&body).unwrap_or(Value::String(body));
            json!({ "status": status, "body": body })
        }
        Ok(mut socket) => {
            let first = socket.next(PATIENCE).await;
            panic!(
                "{why}, but the server upgraded the connection (101 Switching Protocols), and \
                 then sent {first:?}. Check before `ws.on_upgrade(..)` and return a plain \
                 response: once the 101 is sent, the page that opened the socket has it, \
                 whatever you close it with afterwards."
            )
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_on_the_blog_gets_the_socket() {
    let server = server().await;
    let opened = open(&server, &[("Origin", BLOG), ("Cookie", ADA_COOKIE)]).await;
    let mut socket = opened.unwrap_or_else(|refused| {
        panic!(
            "ada is signed in (cookie `session=ada-token`) and on the blog's page (Origin: \
             {BLOG}), but the server refused: {} {}",
            refused.status, refused.body
        )
    });
    check_eq!(
        socket.next(PATIENCE).await,
        Ok(WsMessage::text(r#"{"hello":"ada"}"#)),
        "after the upgrade, `session` greets the user by name"
    );
}

// ANCHOR: hijacking_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_another_site_is_refused_even_with_the_users_cookie() {
    let server = server().await;
    let refusal = refused(
        &server,
        &[("Origin", EVIL), ("Cookie", ADA_COOKIE)],
        "a page on evil.example opened the socket with ada's cookie (browsers send it with \
         any page's WebSocket handshake): that is cross-site WebSocket hijacking, and the \
         `Origin` header is the only thing that tells the two pages apart",
    )
    .await;
    assert_json_snapshot!("cross_site", refusal);
    let refusal = refused(
        &server,
        &[("Origin", LOOKALIKE), ("Cookie", ADA_COOKIE)],
        &format!(
            "a page on {LOOKALIKE} opened the socket with ada's cookie: its origin begins with \
             the blog's, but it is another site. Compare the whole origin \
             (`config.origin_allowed(origin)`), not a prefix or a part of it"
        ),
    )
    .await;
    assert_json_snapshot!("cross_site", refusal);
}
// ANCHOR_END: hijacking_test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handshake_without_an_origin_is_refused() {
    let server = server().await;
    let refusal = refused(
        &server,
        &[("Cookie", ADA_COOKIE)],
        "the handshake had no `Origin` header (every browser sends one; missing counts as \
         not allowed, as in Channels' AllowedHostsOriginValidator)",
    )
    .await;
    assert_json_snapshot!("no_origin", refusal);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_who_is_not_signed_in_is_refused() {
    let server = server().await;
    let anonymous = refused(
        &server,
        &[("Origin", BLOG)],
        "the visitor has no session cookie",
    )
    .await;
    let unknown = refused(
        &server,
        &[("Origin", BLOG), ("Cookie", "session=forged")],
        "the session cookie `forged` belongs to no one",
    )
    .await;
    check_eq!(
        anonymous,
        unknown,
        "no session and an unknown session get the same answer"
    );
    assert_json_snapshot!("not_signed_in", anonymous);
}
