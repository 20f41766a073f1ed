//! One row of the blog's `reviews` table, the resource of most of this chapter's examples.

use serde::Serialize;

// ANCHOR: review
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Review {
    pub id: i64,
    pub article_id: i64,
    pub rating: f64,
}
// ANCHOR_END: review
