//! Worked examples of the pages of this chapter, one file per page.

pub mod streaming;
pub mod live_feed;
