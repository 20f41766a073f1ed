//! `connect` opens a pool on a URL, `migrate` runs the embedded migrations, and an in-memory
//! SQLite database is one database for the whole pool.

use std::time::Duration;

use pool_and_migrations::{connect, migrate};
use testkit::db::TestDb;
use testkit::db::sqlx::{self, AnyPool};

/// Long enough for any loaded machine to hand out a free connection.
const ACQUIRE_LIMIT: Duration = testkit::probe::PATIENCE;

async fn connected(url: &str) -> AnyPool {
    match connect(url).await {
        Ok(pool) => pool,
        Err(e) => panic!("connect({url:?}) failed: {e}"),
    }
}

async fn migrated(pool: &AnyPool) {
    if let Err(e) = migrate(pool).await {
        panic!("migrate(&pool) failed: {e}");
    }
}

#[tokio::test]
async fn connect_opens_a_pool_on_the_database_url() {
    let db = TestDb::empty().await;
    let pool = connected(db.url()).await;
    let answer: Result<i64, _> = sqlx::query_scalar("SELECT 41 + 1").fetch_one(&pool).await;
    assert!(
        matches!(answer, Ok(42)),
        "a query on the pool from connect() should work, got {answer:?}"
    );
}

#[tokio::test]
async fn migrate_creates_the_blog_tables() {
    let db = TestDb::empty().await;
    let pool = connected(db.url()).await;
    migrated(&pool).await;
    for table in ["articles", "reviews", "tags", "article_tags", "page_views"] {
        assert_eq!(
            db.count(table).await,
            0,
            "after migrate, `{table}` should exist and be empty"
        );
    }
    assert_eq!(
        db.count("_sqlx_migrations").await,
        1,
        "sqlx records each applied migration in `_sqlx_migrations`; there is one migration"
    );
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let db = TestDb::empty().await;
    let pool = connected(db.url()).await;
    migrated(&pool).await;
    db.run_sql("INSERT INTO tags (name) VALUES ('kept')").await;
    migrated(&pool).await;
    assert_eq!(
        db.count("tags").await,
        1,
        "running migrate again must not touch the data: like `manage.py migrate`, it only \
         applies the migrations that have not run yet"
    );
}

// ANCHOR: in_memory
#[tokio::test]
async fn every_connection_of_an_in_memory_pool_sees_the_same_database() {
    let pool = connected("sqlite::memory:").await;
    migrated(&pool).await;
    // Hold three connections at once: the pool must open new ones besides the one that ran
    // the migrations.
    let mut held = Vec::new();
    for number in 1..=3 {
        let connection = match tokio::time::timeout(ACQUIRE_LIMIT, pool.acquire()).await {
            Ok(Ok(connection)) => connection,
            Ok(Err(e)) => panic!("connection {number} of the in-memory pool failed: {e}"),
            Err(_) => panic!(
                "the in-memory pool could not hand out {number} connections at once (waited \
                 {ACQUIRE_LIMIT:?}). A pool of one connection keeps one database, but then every \
                 query waits for every other: share the database between connections instead."
            ),
        };
        held.push(connection);
    }
    for (number, connection) in held.iter_mut().enumerate() {
        let counted: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&mut **connection)
            .await;
        if let Err(e) = counted {
            panic!(
                "connection {} of the pool does not see the tables the migrations created \
                 ({e}).\nEvery connection to `sqlite::memory:` opens its own private, empty \
                 database. Give the pool one named, shared in-memory database instead: \
                 `sqlite:file:NAME?mode=memory&cache=shared`.",
                number + 1
            );
        }
    }
}
// ANCHOR_END: in_memory

#[tokio::test]
async fn two_in_memory_pools_are_two_databases() {
    let first = connected("sqlite::memory:").await;
    let second = connected("sqlite::memory:").await;
    migrated(&first).await;
    migrated(&second).await;
    let inserted = sqlx::query("INSERT INTO tags (name) VALUES ('only-in-the-first')")
        .execute(&first)
        .await;
    assert!(inserted.is_ok(), "inserting a tag failed: {inserted:?}");
    let in_second: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM tags")
        .fetch_one(&second)
        .await;
    assert!(
        matches!(in_second, Ok(0)),
        "a row inserted through one in-memory pool showed up in another ({in_second:?}): both \
         pools opened the same shared name. Give each pool a name of its own (a counter will do)."
    );
}

#[tokio::test]
async fn an_in_memory_database_outlives_the_pools_connections() {
    let pool = connected("sqlite::memory:").await;
    migrated(&pool).await;
    // A pool closes connections that idle (10 minutes by default), that grow old (30), and
    // any connection whose query was cancelled half-way: close them all, as time would.
    let closed = testkit::db::close_every_connection(&pool).await;
    let tables: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(&pool)
        .await;
    assert!(
        tables.is_ok(),
        "after the pool's {closed} connection(s) closed, the next query got {tables:?}: an \
         in-memory database is deleted with its last connection, and a pool's connections \
         come and go, so your tables would vanish half an hour after start-up, or at the \
         first cancelled request. Keep one connection of your own outside the pool, held \
         until the pool closes: open it with `AnyConnection::connect(&url)`, then move it \
         into a task that waits for `pool.close_event()`."
    );
}
