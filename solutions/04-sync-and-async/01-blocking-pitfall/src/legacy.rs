//! The company's report generator: synchronous, slow, and not ours to change.
//!
//! Every report asks the data warehouse for a store's sales, and the warehouse client blocks
//! the calling thread until the answer arrives, like any synchronous database driver.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

// ANCHOR: warehouse
/// Where the sales come from. The call blocks the calling thread until the warehouse answers.
pub trait Warehouse: Send + Sync + 'static {
    /// The amounts (in cents) of every sale of `store` today.
    fn sales(&self, store: u32) -> Vec<u64>;
}
// ANCHOR_END: warehouse

/// The warehouse as it behaves in production: every query holds the thread for `latency`.
#[derive(Debug)]
pub struct SlowWarehouse {
    latency: Duration,
}

impl SlowWarehouse {
    pub fn new(latency: Duration) -> Self {
        Self { latency }
    }
}

impl Warehouse for SlowWarehouse {
    fn sales(&self, store: u32) -> Vec<u64> {
        std::thread::sleep(self.latency);
        sample_sales(store)
    }
}

/// A store's sales, the same every time: a few amounts that depend on the store number.
pub fn sample_sales(store: u32) -> Vec<u64> {
    let base = u64::from(store % 10) * 100;
    vec![1250 + base, 399, 2000 + base, 875]
}

/// A sales report: what the generator computes from the warehouse's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub store: u32,
    pub sales: usize,
    pub total_cents: u64,
    pub average_cents: u64,
}

/// Builds reports. Cheap to clone: clones share the warehouse client.
#[derive(Clone)]
pub struct ReportGenerator {
    warehouse: Arc<dyn Warehouse>,
}

impl ReportGenerator {
    pub fn new(warehouse: impl Warehouse) -> Self {
        Self {
            warehouse: Arc::new(warehouse),
        }
    }

    /// The report of `store`. Blocks for as long as the warehouse takes to answer.
    pub fn generate(&self, store: u32) -> Report {
        let sales = self.warehouse.sales(store);
        let total_cents: u64 = sales.iter().sum();
        let count = u64::try_from(sales.len()).unwrap_or(u64::MAX);
        Report {
            store,
            sales: sales.len(),
            total_cents,
            average_cents: total_cents.checked_div(count).unwrap_or(0),
        }
    }
}

impl fmt::Debug for ReportGenerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReportGenerator")
    }
}
