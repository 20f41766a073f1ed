//! PostgreSQL test databases: one schema per test, in the database `DATABASE_URL` names.
//!
//! A schema is cheap to create and drop (a database is not), and setting `search_path` on the
//! connection URL puts every table, the migrations' bookkeeping included, inside it. Each test
//! connection carries the schema's name as its `application_name`, so cleanup can end them.
//!
//! Cleanup runs in `Drop`, which cannot `.await`: it runs on a thread of its own with a small
//! runtime, so it works on the test's way out, whether the test passed or panicked. A test
//! process that was killed leaves its schema behind; the next test process drops schemas
//! older than [`LEFTOVER_AGE`] the first time it creates one (the name holds its creation time).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

/// Leftover schemas older than this belong to a test process that died.
const LEFTOVER_AGE: Duration = Duration::from_secs(15 * 60);
/// Cleanup gives up after this long rather than hang a test run.
const CLEANUP_LIMIT: Duration = Duration::from_secs(20);
const PREFIX: &str = "testkit";

pub(super) struct Schema {
    admin_url: String,
    name: String,
    url: String,
}

impl Schema {
    /// Creates a fresh, empty schema in the database of `DATABASE_URL`.
    pub(super) async fn create() -> Self {
        let admin_url = std::env::var(super::DATABASE_URL).unwrap_or_default();
        let mut admin = admin_connection(&admin_url).await;
        static LEFTOVERS: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
        LEFTOVERS.get_or_init(|| drop_leftovers(&mut admin)).await;

        let name = super::unique_name(PREFIX);
        let create = format!("CREATE SCHEMA {name}");
        if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut admin)
            .await
        {
            panic!("testkit could not create the test schema {name} in PostgreSQL: {e}");
        }
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!(
            "{admin_url}{separator}options=-c%20search_path%3D{name}&application_name={name}"
        );
        Schema {
            admin_url,
            name,
            url,
        }
    }

    pub(super) fn url(&self) -> &str {
        &self.url
    }

    /// Ends the schema's connections and drops it, blocking until done (or given up).
    pub(super) fn drop_now(&self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let outcome = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                match tokio::time::timeout(CLEANUP_LIMIT, drop_schema(&admin_url, &name)).await {
                    Ok(result) => result.map_err(|e| e.to_string()),
                    Err(_) => Err(format!("gave up after {CLEANUP_LIMIT:?}")),
                }
            })
        })
        .join();
        let problem = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e,
            Err(_) => "the cleanup thread panicked".to_owned(),
        };
        eprintln!(
            "testkit: could not drop the test schema {}: {problem} (a later test run drops it)",
            self.name
        );
    }
}

async fn admin_connection(url: &str) -> PgConnection {
    match PgConnection::connect(url).await {
        Ok(connection) => connection,
        Err(e) => panic!(
            "DATABASE_URL names a PostgreSQL server ({}), but testkit could not connect to \
             it: {e}\nStart the server, fix the URL, or unset DATABASE_URL to run the tests \
             on SQLite.",
            super::redact(url)
        ),
    }
}

async fn drop_schema(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut admin = PgConnection::connect(admin_url).await?;
    // A connection still inside a transaction would hold locks that DROP SCHEMA waits for.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND pid <> pg_backend_pid()",
    )
    .bind(name)
    .execute(&mut admin)
    .await?;
    let drop = format!("DROP SCHEMA IF EXISTS {name} CASCADE");
    sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
        .execute(&mut admin)
        .await?;
    admin.close().await
}

/// Drops the schemas of test processes that were killed before their cleanup ran.
async fn drop_leftovers(admin: &mut PgConnection) {
    let names: Vec<String> = sqlx::query_scalar("SELECT nspname::text FROM pg_namespace")
        .fetch_all(&mut *admin)
        .await
        .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for name in names {
        let Some(created) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_prefix('_'))
            .and_then(|rest| rest.split('_').next())
            .and_then(|seconds| seconds.parse::<u64>().ok())
        else {
            continue;
        };
        if now.saturating_sub(created) > LEFTOVER_AGE.as_secs() {
            let drop = format!("DROP SCHEMA IF EXISTS {name} CASCADE");
            // Best effort: another process may be dropping the same leftover.
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(&mut *admin)
                .await;
        }
    }
}
