//! The rows of the export, straight from the database, and the gauges the tests read.
//!
//! [`PageViews::stream`] runs `SELECT ... FROM page_views ORDER BY id` and hands its rows out
//! one at a time, as a stream that owns everything it needs (`'static`): a response body can
//! keep it after the handler has returned. A query's rows borrow the pool they came from, so
//! the query runs in a small task of its own and passes each row through a channel with room
//! for one row: the query only reads a row when the previous one has been taken, and it stops
//! (the task ends, the connection goes back to the pool) as soon as the stream is dropped.
//!
//! Two gauges say what the query did: how many rows it has fetched so far, and how many
//! queries are running. And a tap lets a test stop the query after some rows, to look at the
//! response while the query is still running ("a slow query", without a slow database).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use futures::StreamExt;
use futures::stream::BoxStream;
use sqlx::AnyPool;
use tokio::sync::{mpsc, watch};

/// One row of `page_views`: someone read article `article_id` for `seconds`.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PageView {
    pub id: i64,
    pub article_id: i64,
    pub seconds: i64,
}

const QUERY: &str = "SELECT id, article_id, seconds FROM page_views ORDER BY id";

#[derive(Clone, Debug)]
pub struct PageViews {
    pool: AnyPool,
    fetched: Arc<AtomicU64>,
    running: Arc<AtomicUsize>,
    /// How many rows the query may fetch before it waits (`u64::MAX`: no limit).
    tap: Arc<watch::Sender<u64>>,
}

impl PageViews {
    pub fn new(pool: AnyPool) -> Self {
        Self {
            pool,
            fetched: Arc::default(),
            running: Arc::default(),
            tap: Arc::new(watch::Sender::new(u64::MAX)),
        }
    }

    /// Every page view in id order, fetched as the stream is read. Dropping the stream stops
    /// the query.
    pub fn stream(&self) -> BoxStream<'static, Result<PageView, sqlx::Error>> {
        let (rows_tx, rows_rx) = mpsc::channel(1);
        let this = self.clone();
        tokio::spawn(async move {
            let _running = Running::enter(&this.running);
            let mut rows = sqlx::query_as::<_, PageView>(QUERY).fetch(&this.pool);
            let mut tap = this.tap.subscribe();
            loop {
                // Wait while the tap is closed, unless the reader leaves in the meantime.
                let next = this.fetched.load(Ordering::SeqCst) + 1;
                tokio::select! {
                    open = tap.wait_for(|allowed| *allowed >= next) => if open.is_err() { return },
                    () = rows_tx.closed() => return,
                }
                let Some(row) = rows.next().await else { return };
                if row.is_ok() {
                    this.fetched.fetch_add(1, Ordering::SeqCst);
                }
                if rows_tx.send(row).await.is_err() {
                    return; // The reader is gone: stop the query here.
                }
            }
        });
        futures::stream::unfold(rows_rx, |mut rows_rx| async move {
            rows_rx.recv().await.map(|row| (row, rows_rx))
        })
        .boxed()
    }

    /// How many rows the queries have fetched so far, in total.
    pub fn fetched(&self) -> u64 {
        self.fetched.load(Ordering::SeqCst)
    }

    /// How many queries are running right now.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Lets the queries fetch `rows` rows in total, then makes them wait (tests use it).
    pub fn hold_after(&self, rows: u64) {
        self.tap.send_replace(rows);
    }

    /// Lets the queries run to the end.
    pub fn open(&self) {
        self.tap.send_replace(u64::MAX);
    }
}

/// Counts a query as running until dropped, however its task ends.
struct Running(Arc<AtomicUsize>);

impl Running {
    fn enter(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(counter))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
