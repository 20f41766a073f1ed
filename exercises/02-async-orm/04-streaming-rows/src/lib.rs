//! Going through a big table row by row, like Django's `async for row in qs.aiterator()`:
//! each row is processed as it arrives, and memory holds one row at a time, not the table.

mod page_view;

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

pub use page_view::{PageView, ReadingReport};

/// Calls `each` with every row `sql` selects, in order, one row at a time, and returns how
/// many rows there were. Generic over the row type, so any model can be streamed.
pub async fn for_each_row<R, F>(
    pool: &AnyPool,
    sql: &'static str,
    each: F,
) -> Result<u64, sqlx::Error>
where
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    F: FnMut(R),
{
    // TODO: run `sql` with `sqlx::query_as::<_, R>(sql)` and hand each row to `each` as soon
    // as it arrives. The tests count how many rows are alive at once: loading the whole result
    // first (`fetch_all`) holds all 50,000. `futures::TryStreamExt` gives streams `try_next`.
    let _ = each;
    todo!("stream the rows of `{sql}` from a pool of {}", pool.size())
}

/// Goes through every page view once and reports how many, how long in all, and the longest.
pub async fn reading_report(pool: &AnyPool) -> Result<ReadingReport, sqlx::Error> {
    // TODO: use `for_each_row` over `SELECT id, article_id, seconds FROM page_views ORDER BY id`
    // with a closure that fills a `ReadingReport` (start from `ReadingReport::default()`).
    todo!("report on the page views (pool of {})", pool.size())
}
