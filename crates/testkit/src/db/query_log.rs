//! Which statements did the code under test run, and how many rows did each return?
//!
//! Some ORM mistakes give the right answer the slow way: counting rows by loading them all,
//! updating rows one statement at a time. Their result is correct, so only the statements
//! give them away. sqlx reports every statement it runs (through the `log` facade, target
//! `sqlx::query`, with `rows_returned` and `rows_affected`). A [`QueryLog`] pool reports at
//! level INFO, every other pool at sqlx's default DEBUG, and the recorder keeps only INFO:
//! exactly the statements that went through the logged pool. One test records at a time.

use std::sync::{Mutex, PoisonError};

use log::{Level, LevelFilter, Log, Metadata, Record};
use sqlx::AnyPool;
use sqlx::ConnectOptions;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

/// One statement as sqlx reported it.
#[derive(Clone, Debug)]
pub struct Statement {
    /// The start of the SQL (sqlx's summary: the first words of the statement).
    pub sql: String,
    pub rows_returned: u64,
    pub rows_affected: u64,
}

/// A pool whose statements are recorded, and the record. Dropping it stops recording.
pub struct QueryLog {
    pool: AnyPool,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
static RECORDER: Recorder = Recorder {
    statements: Mutex::new(None),
};

impl QueryLog {
    pub(super) async fn start(url: &str) -> QueryLog {
        let turn = TURN.lock().await;
        install();
        let options: AnyConnectOptions = match url.parse() {
            Ok(options) => options,
            Err(e) => panic!("testkit could not read the test database URL: {e}"),
        };
        // Slow statements would otherwise be reported at WARN, and missed.
        let options = options
            .log_statements(LevelFilter::Info)
            .log_slow_statements(LevelFilter::Info, std::time::Duration::from_secs(3600));
        let pool = match AnyPoolOptions::new()
            .max_connections(5)
            .connect_with(options)
            .await
        {
            Ok(pool) => pool,
            Err(e) => panic!("testkit could not open a logged pool: {e}"),
        };
        *RECORDER.lock() = Some(Vec::new());
        QueryLog { pool, _turn: turn }
    }

    /// The pool to give the code under test.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Every statement run through [`Self::pool`] so far, in order.
    pub fn statements(&self) -> Vec<Statement> {
        RECORDER.lock().clone().unwrap_or_default()
    }

    /// Forgets the statements recorded so far (the test's own setup, say).
    pub fn clear(&self) {
        *RECORDER.lock() = Some(Vec::new());
    }

    /// The statements, one per line, for a failure message.
    pub fn describe(&self) -> String {
        let lines: Vec<String> = self
            .statements()
            .iter()
            .map(|s| {
                format!(
                    "  {} -> {} row(s) returned, {} affected",
                    s.sql, s.rows_returned, s.rows_affected
                )
            })
            .collect();
        if lines.is_empty() {
            "  (no statement)".to_owned()
        } else {
            lines.join("\n")
        }
    }
}

impl Drop for QueryLog {
    fn drop(&mut self) {
        *RECORDER.lock() = None;
    }
}

struct Recorder {
    statements: Mutex<Option<Vec<Statement>>>,
}

impl Recorder {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Vec<Statement>>> {
        self.statements
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn install() {
    // Fails only if a logger is already set: then ours is not, and nothing is recorded,
    // which the tests that rely on it report.
    if log::set_logger(&RECORDER).is_ok() {
        log::set_max_level(LevelFilter::Info);
    }
}

impl Log for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() == Level::Info && metadata.target() == "sqlx::query"
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let statement = parse(&record.args().to_string());
        // A new SQLite connection sets itself up with PRAGMAs: the pool's doing, not the code's.
        if statement.sql.starts_with("PRAGMA") {
            return;
        }
        if let Some(statements) = self.lock().as_mut() {
            statements.push(statement);
        }
    }

    fn flush(&self) {}
}

/// Reads `summary="SELECT …" db.statement="…" rows_affected=0 rows_returned=1 …`.
fn parse(text: &str) -> Statement {
    let number = |key: &str| {
        text.split_whitespace()
            .find_map(|part| part.strip_prefix(key))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let sql = text
        .strip_prefix("summary=\"")
        .and_then(|rest| rest.split("\" db.statement=").next())
        .unwrap_or(text)
        .to_owned();
    Statement {
        sql,
        rows_returned: number("rows_returned="),
        rows_affected: number("rows_affected="),
    }
}
