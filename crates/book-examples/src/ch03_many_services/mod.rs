//! Worked examples of the pages of this chapter, one file per page.
//!
//! The exercises build a dashboard over news, weather and stock services; these examples
//! build a trip page over three services of their own (flights, hotels, exchange rates),
//! served in the tests by the small loopback fakes of `fake.rs`.

pub mod bounded_fan_out;
pub mod cancellation;
pub mod dashboard_gather;
#[cfg(test)]
mod fake;
pub mod measure_before_after;
pub mod partial_results;
pub mod retries_with_backoff;
pub mod shared_client;
pub mod upstream;
