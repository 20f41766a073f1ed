//! PostgreSQL test databases: one schema per test, in the database `WORKSHOP_DATABASE_URL`
//! names.
//!
//! That database must be the course's, never a project's: before its first schema, testkit
//! checks that the database either carries its mark (a comment on the database saying testkit
//! owns it) or holds no table at all outside testkit's own schemas, and then marks it. A
//! database with someone's tables in it is refused with a message saying what to do. Every
//! schema testkit makes is named `workshop_testkit_<time>_<process>_<n>` and carries a
//! comment saying so; cleanup drops only schemas with both, never anything else.
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
/// Every schema testkit makes starts with this, and only such schemas are ever dropped.
pub(super) const PREFIX: &str = "workshop_testkit";
/// The comment on a database that testkit owns, and on each schema it made.
const DATABASE_MARK: &str = "workshop testkit: test schemas are created and dropped here";
const SCHEMA_MARK: &str = "workshop testkit: the schema of one test, dropped when it ends";

pub(super) struct Schema {
    admin_url: String,
    name: String,
    url: String,
}

impl Schema {
    /// Creates a fresh, empty schema in the database of `WORKSHOP_DATABASE_URL`.
    pub(super) async fn create() -> Self {
        let admin_url = std::env::var(super::WORKSHOP_DATABASE_URL).unwrap_or_default();
        let mut admin = admin_connection(&admin_url).await;
        static CLAIMED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
        CLAIMED
            .get_or_init(|| async {
                claim_database(&mut admin, &admin_url).await;
                drop_leftovers(&mut admin).await;
            })
            .await;

        let name = super::unique_name(PREFIX);
        let create = format!("CREATE SCHEMA {name}; COMMENT ON SCHEMA {name} IS '{SCHEMA_MARK}'");
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
            "WORKSHOP_DATABASE_URL names a PostgreSQL server ({}), but testkit could not \
             connect to it: {e}\nStart the server, fix the URL, or unset \
             WORKSHOP_DATABASE_URL to run the tests on SQLite.",
            super::redact(url)
        ),
    }
}

/// Makes sure the database is the course's before anything is created in it.
async fn claim_database(admin: &mut PgConnection, url: &str) {
    let looked = async {
        let mark: Option<String> =
            sqlx::query_scalar("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")
                .fetch_one(&mut *admin)
                .await?;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') \
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
             AND n.nspname NOT LIKE 'pg\\_%' \
             ORDER BY 1 LIMIT 50",
        )
        .fetch_all(&mut *admin)
        .await?;
        Ok::<_, sqlx::Error>((mark, tables))
    };
    let (mark, tables) = match looked.await {
        Ok(found) => found,
        Err(e) => panic!("testkit could not look at the database in WORKSHOP_DATABASE_URL: {e}"),
    };
    let database = super::redact(url);
    match ownership(mark.as_deref(), &tables) {
        Ownership::Marked => {}
        Ownership::Empty => {
            // COMMENT ON DATABASE takes a name, not an expression (before PostgreSQL 16).
            let mark = format!(
                "DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', \
                 current_database(), '{DATABASE_MARK}'); END $$"
            );
            let marked = sqlx::raw_sql(sqlx::AssertSqlSafe(mark))
                .execute(&mut *admin)
                .await;
            if let Err(e) = marked {
                panic!("testkit could not mark the empty database {database} as the course's: {e}");
            }
        }
        Ownership::Foreign(tables) => panic!("{}", refusal(&database, &tables)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_database_with_a_projects_tables_is_refused() {
        let tables = names(&["public.auth_user", "workshop_testkit_1_2_3.articles"]);
        assert_eq!(
            ownership(None, &tables),
            Ownership::Foreign(names(&["public.auth_user"]))
        );
        let message = refusal(
            "postgres://me@localhost/mysite",
            &names(&["public.auth_user"]),
        );
        assert!(message.contains("refuses"), "{message}");
        assert!(message.contains("public.auth_user"), "{message}");
        assert!(message.contains("createdb workshop"), "{message}");
    }

    #[test]
    fn an_empty_or_marked_database_is_taken() {
        assert_eq!(ownership(None, &[]), Ownership::Empty);
        let own = names(&["workshop_testkit_1700000000_42_0._sqlx_migrations"]);
        assert_eq!(ownership(None, &own), Ownership::Empty);
        let theirs = names(&["public.auth_user"]);
        assert_eq!(ownership(Some(DATABASE_MARK), &theirs), Ownership::Marked);
        assert_eq!(
            ownership(Some("my project"), &theirs),
            Ownership::Foreign(theirs.clone())
        );
    }

    #[test]
    fn the_marks_fit_in_a_sql_string_literal() {
        for mark in [DATABASE_MARK, SCHEMA_MARK] {
            assert!(!mark.contains('\'') && !mark.contains('$'), "{mark}");
        }
    }

    #[test]
    fn only_schemas_named_by_testkit_are_its_own() {
        let made = super::super::unique_name(PREFIX);
        assert!(is_testkit_schema(&made), "{made}");
        for other in [
            "public",
            "testkit_1_2_3",
            "workshop_testkit",
            "workshop_testkit_1_2",
            "workshop_testkit_1_2_3_4",
            "workshop_testkit_a_2_3",
            "workshop_testkit_1_2_3; DROP SCHEMA public",
        ] {
            assert!(
                !is_testkit_schema(other),
                "{other} must not count as testkit's"
            );
        }
    }
}

/// Whose database this is, from its comment and the tables in it.
#[derive(Debug, PartialEq)]
pub(super) enum Ownership {
    /// testkit marked it on an earlier run.
    Marked,
    /// No table outside testkit's own schemas: safe to take.
    Empty,
    /// Tables testkit did not make: someone's project. Refused.
    Foreign(Vec<String>),
}

pub(super) fn ownership(mark: Option<&str>, tables: &[String]) -> Ownership {
    if mark == Some(DATABASE_MARK) {
        return Ownership::Marked;
    }
    let foreign: Vec<String> = tables
        .iter()
        .filter(|table| !is_testkit_schema(table.split('.').next().unwrap_or_default()))
        .cloned()
        .collect();
    if foreign.is_empty() {
        Ownership::Empty
    } else {
        Ownership::Foreign(foreign)
    }
}

pub(super) fn refusal(database: &str, tables: &[String]) -> String {
    let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
    let more = if tables.len() > 5 { ", ..." } else { "" };
    format!(
        "testkit refuses the database in WORKSHOP_DATABASE_URL ({database}): it holds tables \
         testkit did not create ({}{more}), so it looks like one of your own projects' \
         databases.\nThe tests create and drop schemas; they only do that in a database that \
         is empty or that testkit has marked as the course's. Make one for the course and \
         point the variable at it:\n    createdb workshop\n    export \
         WORKSHOP_DATABASE_URL=postgres://USER@localhost:5432/workshop\nor unset \
         WORKSHOP_DATABASE_URL to run the tests on SQLite (nothing to set up).",
        shown.join(", ")
    )
}

/// Whether a schema's name is one testkit makes: `workshop_testkit_<seconds>_<pid>_<n>`.
pub(super) fn is_testkit_schema(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_prefix('_'))
    else {
        return false;
    };
    let parts: Vec<&str> = rest.split('_').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

async fn drop_schema(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    // Never anything but a schema of testkit's own making.
    assert!(is_testkit_schema(name), "testkit refuses to drop {name}");
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
    // Only schemas that carry testkit's comment as well as its name.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') = $1",
    )
    .bind(SCHEMA_MARK)
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for name in names.into_iter().filter(|name| is_testkit_schema(name)) {
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
