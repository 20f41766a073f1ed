//! What the aggregate queries answer.

use serde::Serialize;

/// Django's `aaggregate(reviews=Count("id"), average=Avg("rating"), best=Max("rating"))`.
/// Over no reviews COUNT is 0 but AVG and MAX are NULL: hence the `Option`s.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct RatingSummary {
    pub reviews: i64,
    pub average: Option<f64>,
    pub best: Option<f64>,
}

/// One author's line: Django's `values("author").annotate(...)`.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct AuthorRating {
    pub author: String,
    pub reviews: i64,
    pub average: Option<f64>,
}
