//! Streaming: 50,000 rows processed one at a time, never all held at once.

use std::sync::atomic::{AtomicUsize, Ordering};

use streaming_rows::{PageView, ReadingReport, for_each_row, reading_report};
use testkit::assert_json_snapshot;
use testkit::db::TestDb;
use testkit::db::sqlx::{self, FromRow, Row, any::AnyRow};

const PAGE_VIEWS: i64 = 50_000;

/// The report the 50,000 generated page views must give (view `i` lasted `i * 37 % 600` s).
fn expected_report() -> ReadingReport {
    let mut report = ReadingReport::default();
    for id in 1..=PAGE_VIEWS {
        let view = PageView {
            id,
            article_id: id % 3 + 1,
            seconds: id * 37 % 600,
        };
        report.views += 1;
        report.total_seconds += view.seconds;
        if report
            .longest
            .as_ref()
            .is_none_or(|l| view.seconds > l.seconds)
        {
            report.longest = Some(view);
        }
    }
    report
}

#[tokio::test]
async fn the_report_covers_every_page_view() {
    let db = TestDb::migrated().await;
    db.add_page_views(PAGE_VIEWS).await;
    let report = match reading_report(db.pool()).await {
        Ok(report) => report,
        Err(e) => panic!("reading_report failed: {e}"),
    };
    let expected = expected_report();
    assert!(
        report == expected,
        "the report over {PAGE_VIEWS} page views is wrong.\nexpected: {expected:?}\n     got: \
         {report:?}\n(`longest` is the first view, by id, with the most seconds)"
    );
    assert_json_snapshot!("report", report);
}

#[tokio::test]
async fn an_empty_table_gives_an_empty_report() {
    let db = TestDb::migrated().await;
    let report = reading_report(db.pool()).await;
    assert!(
        matches!(&report, Ok(r) if *r == ReadingReport::default()),
        "no page views: 0 views, 0 seconds, no longest view; got {report:?}"
    );
}

// ANCHOR: counted_row
/// A row type that counts how many of its values are alive right now.
struct CountedRow {
    _id: i64,
}

static ALIVE: AtomicUsize = AtomicUsize::new(0);

impl<'r> FromRow<'r, AnyRow> for CountedRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let id = row.try_get("id")?;
        ALIVE.fetch_add(1, Ordering::SeqCst);
        Ok(CountedRow { _id: id })
    }
}

impl Drop for CountedRow {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: counted_row

// ANCHOR: one_at_a_time
#[tokio::test]
async fn rows_are_processed_one_at_a_time_not_loaded_all_at_once() {
    let db = TestDb::migrated().await;
    db.add_page_views(PAGE_VIEWS).await;
    let mut most_alive = 0;
    let processed = for_each_row(db.pool(), "SELECT id FROM page_views", |row: CountedRow| {
        // Counted while the callback holds one row: how many others are alive besides it?
        most_alive = most_alive.max(ALIVE.load(Ordering::SeqCst));
        drop(row);
    })
    .await;
    assert!(
        matches!(processed, Ok(n) if n == PAGE_VIEWS as u64),
        "for_each_row should process and count all {PAGE_VIEWS} rows, got {processed:?}"
    );
    assert!(
        most_alive <= 100,
        "while your callback held one row, {most_alive} rows were alive at once: the query was \
         loaded whole (`fetch_all`) before the first row was processed. With a big table that \
         is all of it in memory. Stream it: `query_as(sql).fetch(pool)` and \
         `while let Some(row) = rows.try_next().await? {{ ... }}`."
    );
}
// ANCHOR_END: one_at_a_time

#[tokio::test]
async fn a_query_that_fails_is_an_error() {
    let db = TestDb::migrated().await;
    let result = for_each_row(
        db.pool(),
        "SELECT id FROM no_such_table",
        |_: CountedRow| {},
    )
    .await;
    assert!(
        result.is_err(),
        "a query on a table that does not exist should be an Err, got {result:?}"
    );
}
