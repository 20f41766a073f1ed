//! The `PageView` model, and what the report over all of them holds.

use serde::Serialize;

/// One row of `page_views`: someone read article `article_id` for `seconds`.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct PageView {
    pub id: i64,
    pub article_id: i64,
    pub seconds: i64,
}

/// What `reading_report` finds in the whole table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReadingReport {
    /// How many page views there are.
    pub views: u64,
    /// The seconds of all of them, added up.
    pub total_seconds: i64,
    /// The longest view (the first one, by id, when several are as long); `None` when empty.
    pub longest: Option<PageView>,
}
