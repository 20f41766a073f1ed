//! Worked examples of the pages of this chapter, one file per page.
//!
//! The exercises query the blog's articles; most examples here query its reviews, tags and
//! page views instead (the same seeded database, `testkit::db::TestDb`), and the first one
//! a weather cache of its own.

pub mod aggregates;
pub mod concurrent_queries;
pub mod exists_and_count;
pub mod get_and_first;
pub mod get_or_create;
pub mod orm_json_api;
pub mod pool_and_migrations;
pub mod review;
pub mod save_update_delete;
pub mod single_query;
pub mod streaming_rows;
pub mod transactions;
