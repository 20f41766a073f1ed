//! Worked examples of the pages of this chapter, one file per page.

pub mod graceful_shutdown;
pub mod live_view;
pub mod runtime_flavours;
pub mod testing_patterns;
