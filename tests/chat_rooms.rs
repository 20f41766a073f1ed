//! Rooms with a broadcast channel, tested with real WebSocket clients over loopback.
//!
//! The slow member is made slow for sure, not by timing: its socket buffers are tiny on both
//! ends (the server's listening socket sets a small send buffer, which accepted connections
//! inherit; the client a small receive buffer), and it reads nothing while the room talks.
//! Leaving is checked by counting: the room's receivers, and the runtime's live tasks.

use std::time::Duration;

use chat_rooms::{Rooms, app};
use testkit::Value;
use testkit::check_eq;
use testkit::live::{WsClient, WsMessage};
use testkit::probe::PATIENCE;
use testkit::tokio::net::{TcpListener, TcpSocket};
use testkit::tokio::task::JoinHandle;

/// How far behind a member may fall before it loses messages.
const CAPACITY: usize = 8;

/// Messages the room gets in the slow-member test, each [`MESSAGE_BYTES`] long: far more than
/// the slow member's buffers and the room's capacity together can hold.
const MESSAGES: usize = 200;
const MESSAGE_BYTES: usize = 1024;

struct Server {
    addr: std::net::SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Serves the rooms on a loopback port whose connections have a small send buffer.
    async fn start(rooms: &Rooms) -> Self {
        let socket = TcpSocket::new_v4().expect("a TCP socket");
        socket
            .set_send_buffer_size(4096)
            .expect("setting the send buffer");
        socket
            .bind("127.0.0.1:0".parse().expect("an address"))
            .expect("binding a loopback port");
        let listener: TcpListener = socket.listen(64).expect("listening");
        let addr = listener.local_addr().expect("a bound address");
        let app = app(rooms.clone());
        let task = tokio::spawn(async move {
            let _ = testkit::axum::serve(listener, app).await;
        });
        Server { addr, task }
    }

    fn url(&self, room: &str) -> String {
        format!("ws://{}/rooms/{room}/ws", self.addr)
    }
}

async fn wait_for(what: impl Fn() -> bool) -> bool {
    wait_within(PATIENCE, what).await
}

/// Whether `what` became true within `patience`.
async fn wait_within(patience: Duration, what: impl Fn() -> bool) -> bool {
    tokio::time::timeout(patience, async {
        while !what() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .is_ok()
}

fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_reaches_every_member_of_the_room_and_no_other() {
    let rooms = Rooms::new(CAPACITY);
    let server = Server::start(&rooms).await;
    let mut ada = WsClient::connect(&server.url("lobby"), PATIENCE).await;
    let mut bob = WsClient::connect(&server.url("lobby"), PATIENCE).await;
    let mut eve = WsClient::connect(&server.url("kitchen"), PATIENCE).await;
    assert!(
        wait_for(|| rooms.members("lobby") == 2 && rooms.members("kitchen") == 1).await,
        "three members joined (two in lobby, one in kitchen): `rooms.join(&room)` at the \
         start of the session; the rooms have {} and {} receivers",
        rooms.members("lobby"),
        rooms.members("kitchen")
    );

    ada.send_text("hello lobby").await;
    for (name, client) in [("ada (the sender)", &mut ada), ("bob", &mut bob)] {
        let got = client.next(PATIENCE).await;
        check_eq!(
            got,
            Ok(WsMessage::text("hello lobby")),
            "{name} is in the lobby and should get what ada posted there"
        );
    }
    eve.send_text("hello kitchen").await;
    check_eq!(
        eve.next(PATIENCE).await,
        Ok(WsMessage::text("hello kitchen")),
        "eve posts to the kitchen and gets it back; the lobby's message never reached her"
    );
}

// ANCHOR: slow_member_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_member_is_told_it_lagged_and_never_slows_the_others() {
    let rooms = Rooms::new(CAPACITY);
    let server = Server::start(&rooms).await;
    let mut slow = WsClient::connect_slow(&server.url("lobby"), 4096, PATIENCE).await;
    let mut fast = WsClient::connect(&server.url("lobby"), PATIENCE).await;
    assert!(
        wait_for(|| rooms.members("lobby") == 2).await,
        "two members joined"
    );

    // The fast member posts, and waits for each message to come back, while the slow one
    // reads nothing at all.
    let talk = tokio::time::timeout(PATIENCE, async {
        for i in 0..MESSAGES {
            let text = format!("{i:04} {}", "x".repeat(MESSAGE_BYTES));
            fast.send_text(&text).await;
            match fast.next(PATIENCE).await {
                Ok(WsMessage::Text(got)) if got.as_str() == text => {}
                other => return Err(format!("message {i}: got {other:?}")),
            }
        }
        Ok(())
    })
    .await;
    match talk {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("the fast member did not get its messages back: {e}"),
        Err(_) => panic!(
            "the fast member did not get its {MESSAGES} messages within {PATIENCE:?} while \
             another member read nothing: the slow member slows the room. Is something \
             waiting for every member in turn (a lock held across `send().await` to each \
             socket)? Give each member its own `broadcast::Receiver`: the room never waits."
        ),
    }

    // The slow member's socket is full, so whatever reads the room for it has stopped, and
    // the room keeps the messages it has not received. Something that goes on reading for it
    // (a task that fills a queue of its own) empties the room's buffer into that queue.
    let drained = wait_within(Duration::from_millis(300), || rooms.kept("lobby") == 0).await;
    assert!(
        !drained,
        "the slow member reads nothing and its socket is full, yet something took the room's \
         messages for it (the room keeps none of them): a queue of its own, without a \
         limit (an unbounded channel filled by a task that reads the room). With many slow \
         members that is memory without end. Let the member's `broadcast::Receiver` be its \
         only backlog: it keeps the newest {CAPACITY} and says how many were lost."
    );

    // Now the slow member reads: a few messages, then the notice that it missed some.
    let mut seen = 0;
    let notice = loop {
        match slow.next(PATIENCE).await {
            Ok(WsMessage::Text(text)) => {
                seen += 1;
                if let Ok(Value::Object(notice)) = testkit::serde_json::from_str(&text) {
                    break notice;
                }
            }
            Ok(_) => {}
            Err(why) => panic!(
                "the slow member read {seen} messages of {MESSAGES} and was never told it \
                 missed any ({why}). When `recv()` says `Lagged(n)`, send `lag_notice(n)`. \
                 If it never lags, something reads the room for it as fast as the room talks: \
                 an unbounded queue per member grows without limit instead."
            ),
        }
    };
    let missed = notice.get("lagged").and_then(Value::as_u64).unwrap_or(0);
    assert!(
        missed > 0 && seen < MESSAGES,
        "the slow member was told {notice:?} after {seen} messages: expected `{{\"lagged\": n}}`, \
         n > 0"
    );
}
// ANCHOR_END: slow_member_test

// ANCHOR: leave_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_leaves_leaves_no_receiver_and_no_task() {
    let rooms = Rooms::new(CAPACITY);
    let server = Server::start(&rooms).await;
    let before = alive_tasks();

    let mut stays = WsClient::connect(&server.url("lobby"), PATIENCE).await;
    let leaves = WsClient::connect(&server.url("lobby"), PATIENCE).await;
    assert!(
        wait_for(|| rooms.members("lobby") == 2).await,
        "two members joined"
    );
    drop(leaves); // No goodbye: the connection just closes, as when a laptop lid shuts.

    let left = wait_for(|| rooms.members("lobby") == 1).await;
    assert!(
        left,
        "a member left, but the room still has {} receivers after {PATIENCE:?}. The \
         session's receiver must be dropped when the member goes, and the session with it: \
         a forwarding task (`tokio::spawn`) that nobody stops keeps it, waiting for ever, and \
         so does `join!` of the two halves, which waits for both while the forwarding half \
         never ends. Race them with `select!`: the first half to end ends the session.",
        rooms.members("lobby")
    );
    stays.send_text("still here").await;
    check_eq!(
        stays.next(PATIENCE).await,
        Ok(WsMessage::text("still here")),
        "the member who stayed still talks"
    );

    stays.close().await;
    let _ = stays.closed(PATIENCE).await;
    let clean = wait_for(|| rooms.members("lobby") == 0 && alive_tasks() <= before).await;
    assert!(
        clean,
        "everyone left, but {} receiver(s) and {} task(s) more than before anyone joined are \
         still alive after {PATIENCE:?}. Each session must end whole when its member goes: \
         run both directions in one `tokio::select!`, or abort the task you spawned.",
        rooms.members("lobby"),
        alive_tasks().saturating_sub(before)
    );
}
// ANCHOR_END: leave_test
