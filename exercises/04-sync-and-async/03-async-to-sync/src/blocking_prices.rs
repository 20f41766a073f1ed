//! Django's `async_to_sync(client.price)`: the async price client, callable from sync code.

use tokio::runtime::Handle;

use crate::legacy::PriceSource;
use crate::prices::{Price, PriceClient, PriceError};

/// The async [`PriceClient`] behind a synchronous face, for sync code running beside a Tokio
/// runtime: a worker thread, a `spawn_blocking` closure, a legacy library's callback.
#[derive(Clone, Debug)]
pub struct BlockingPrices {
    client: PriceClient,
    /// The runtime that drives the client's futures. A handle is cheap to clone and may be
    /// used from any thread, but it can only be taken while inside the runtime.
    runtime: Handle,
}

impl BlockingPrices {
    /// Call this inside the runtime (in `main` after `#[tokio::main]`, or in a test): it
    /// remembers the current runtime. Outside one, `Handle::current()` panics.
    pub fn new(client: PriceClient) -> Self {
        // TODO: keep `client`, and the runtime this is called in (`Handle::current()`).
        todo!("remember the current runtime for {client:?}")
    }
}

impl PriceSource for BlockingPrices {
    /// Blocks the calling thread until the price arrives. Call it only where blocking is
    /// allowed: never on an async worker thread, where `block_on` panics.
    fn price(&self, symbol: &str) -> Result<Price, PriceError> {
        // TODO: run `self.client.price(symbol)` to completion on `self.runtime`, blocking this
        // thread until the price arrives.
        todo!(
            "fetch `{symbol}` with {:?} on {:?}",
            self.client,
            self.runtime
        )
    }
}
