//! Worked examples of the pages of this chapter, one file per page.

pub mod async_to_sync;
pub mod blocking_pitfall;
pub mod cpu_bound_work;
pub mod sync_to_async;
pub mod thread_sensitive;
