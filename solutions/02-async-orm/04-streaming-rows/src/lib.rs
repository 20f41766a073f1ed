//! Going through a big table row by row, like Django's `async for row in qs.aiterator()`:
//! each row is processed as it arrives, and memory holds one row at a time, not the table.

mod page_view;

use futures::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

pub use page_view::{PageView, ReadingReport};

// ANCHOR: for_each_row
/// Calls `each` with every row `sql` selects, in order, one row at a time, and returns how
/// many rows there were. Generic over the row type, so any model can be streamed.
pub async fn for_each_row<R, F>(
    pool: &AnyPool,
    sql: &'static str,
    mut each: F,
) -> Result<u64, sqlx::Error>
where
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    F: FnMut(R),
{
    // `fetch` answers a stream: rows arrive while we process them. The stream holds one pool
    // connection until it ends, so keep the work per row short.
    let mut rows = sqlx::query_as::<_, R>(sql).fetch(pool);
    let mut count = 0;
    while let Some(row) = rows.try_next().await? {
        each(row);
        count += 1;
    }
    Ok(count)
}
// ANCHOR_END: for_each_row

// ANCHOR: reading_report
/// Goes through every page view once and reports how many, how long in all, and the longest.
pub async fn reading_report(pool: &AnyPool) -> Result<ReadingReport, sqlx::Error> {
    let mut report = ReadingReport::default();
    for_each_row(
        pool,
        "SELECT id, article_id, seconds FROM page_views ORDER BY id",
        |view: PageView| {
            report.views += 1;
            report.total_seconds += view.seconds;
            // Strictly longer only: on a tie the first (lowest id) view stays.
            if report
                .longest
                .as_ref()
                .is_none_or(|l| view.seconds > l.seconds)
            {
                report.longest = Some(view);
            }
        },
    )
    .await?;
    Ok(report)
}
// ANCHOR_END: reading_report
