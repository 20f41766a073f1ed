//! More than one server: two instances of the chat, each with its own pool, listener and
//! server, share a room through PostgreSQL's LISTEN/NOTIFY.
//!
//! The database is testkit's: SQLite by default, PostgreSQL when the course's database
//! variable names one (`.ci/postgres.sh` starts a real server and sets it). On PostgreSQL the
//! tests run two instances in one test database; on SQLite they check that an instance
//! refuses to start with an error that says why, since SQLite cannot tell another process that
//! a message arrived.

use shared_rooms::{Instance, StartError};
use testkit::TestServer;
use testkit::check_eq;
use testkit::db::{Backend, TestDb};
use testkit::live::{WsClient, WsMessage};
use testkit::probe::PATIENCE;

/// On SQLite, `Instance::start` must refuse, saying why; on PostgreSQL, start two instances.
async fn two_instances(db: &TestDb) -> Option<(Instance, Instance)> {
    let channel = application_name(db.url());
    if db.backend() == Backend::Sqlite {
        // Bounded: a start that goes on to connect treats the SQLite URL as a PostgreSQL
        // one, and the pool retries the connection until its own timeout, long after ours.
        let Ok(started) = tokio::time::timeout(PATIENCE, Instance::start(db.url(), &channel)).await
        else {
            panic!(
                "on SQLite, `Instance::start` should refuse at once with \
                 `StartError::NeedsPostgres`, but it was still starting after {PATIENCE:?}: it \
                 went on to connect to the SQLite URL as if it named a PostgreSQL server, and \
                 the pool keeps retrying. Check the URL's scheme first (`postgres:` or \
                 `postgresql:`), and refuse any other before connecting."
            );
        };
        assert!(
            matches!(started, Err(StartError::NeedsPostgres)),
            "on SQLite, `Instance::start` should refuse with `StartError::NeedsPostgres`: \
             SQLite has no LISTEN/NOTIFY, so an instance could not hear the others, and a \
             room would silently end at the edge of the process. It returned {}.",
            match &started {
                Ok(_) => "Ok(an instance)".to_owned(),
                Err(e) => format!("Err({e})"),
            }
        );
        return None;
    }
    let start = || async {
        Instance::start(db.url(), &channel)
            .await
            .unwrap_or_else(|e| panic!("`Instance::start` on PostgreSQL failed: {e}"))
    };
    Some((start().await, start().await))
}

/// The test database's `application_name`, unique to this test: also the NOTIFY channel, so
/// tests running at once in one database never hear each other.
fn application_name(url: &str) -> String {
    url.split(['?', '&'])
        .find_map(|param| param.strip_prefix("application_name="))
        .unwrap_or("shared_rooms_sqlite")
        .to_owned()
}

async fn member(server: &TestServer, room: &str) -> WsClient {
    WsClient::connect(&format!("ws://{}/rooms/{room}/ws", server.addr()), PATIENCE).await
}

// ANCHOR: two_instances_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_posted_on_one_instance_reaches_the_members_of_the_other() {
    let db = TestDb::empty().await;
    let Some((one, two)) = two_instances(&db).await else {
        return; // SQLite: the refusal was the check.
    };
    let (rooms_one, rooms_two) = (one.rooms.clone(), two.rooms.clone());
    let server_one = TestServer::start(one.router.clone()).await;
    let server_two = TestServer::start(two.router.clone()).await;
    let mut ada = member(&server_one, "lobby").await;
    let mut bob = member(&server_two, "lobby").await;
    check_eq!(
        (rooms_one.members("lobby"), rooms_two.members("lobby")),
        (1, 1),
        "ada joined the lobby on instance one, bob on instance two"
    );

    ada.send_text("hello from instance one").await;
    for (name, client) in [("bob, on the other instance", &mut bob), ("ada", &mut ada)] {
        let got = client.next(PATIENCE).await;
        check_eq!(
            got,
            Ok(WsMessage::text("hello from instance one")),
            "{name} should get what ada posted on instance one. Each post goes out with \
             `pg_notify(channel, payload)`, and every instance's `relay` delivers what its \
             listener hears to its own rooms: is `relay` running, LISTENing on `channel` \
             before `start` returns?"
        );
    }
    drop((one, two));
}
// ANCHOR_END: two_instances_test

// ANCHOR: listen_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_instance_listens_instead_of_polling() {
    let db = TestDb::empty().await;
    let Some((one, two)) = two_instances(&db).await else {
        return; // SQLite: the refusal was the check.
    };
    // Every connection of this test carries its application_name; PostgreSQL shows the last
    // statement each one ran. A listening connection's is its LISTEN, and it sits there.
    let listening: i64 = testkit::db::sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_stat_activity \
         WHERE application_name = $1 AND query ILIKE 'LISTEN%'",
    )
    .bind(application_name(db.url()))
    .fetch_one(db.pool())
    .await
    .unwrap_or_else(|e| panic!("the test could not read pg_stat_activity: {e}"));
    check_eq!(
        listening,
        2,
        "two instances are running, and {listening} connection(s) are LISTENing. Each \
         instance needs a `PgListener` that LISTENs on the channel: PostgreSQL then pushes \
         every notification to it as it happens. Polling a table in a loop instead costs a \
         query per instance per tick, every tick, and is late by up to a tick."
    );
    drop((one, two));
}
// ANCHOR_END: listen_test
