//! SQLite test databases: one named in-memory database per test.
//!
//! `sqlite::memory:` is the wrong URL for a pool: through the `Any` driver every connection
//! parses the URL again and opens its own private, empty database, so a table created on one
//! connection is missing on the next. A *named* in-memory database with a shared cache
//! (`file:NAME?mode=memory&cache=shared`) is one database that every connection in this
//! process opening that name shares. It lives while at least one connection to it is open, so
//! the test keeps one open until it ends. Memory, not a temp file: nothing to delete when a
//! test is killed, and no disk in the way of a quick test.

use sqlx::AnyConnection;
use sqlx::Connection;

/// Creates a fresh database and returns its URL and the connection that keeps it alive.
pub(super) async fn create() -> (String, AnyConnection) {
    let name = super::unique_name("testkit");
    let url = format!("sqlite:file:{name}?mode=memory&cache=shared");
    match AnyConnection::connect(&url).await {
        Ok(keeper) => (url, keeper),
        Err(e) => panic!("testkit could not open an in-memory SQLite database: {e}"),
    }
}
