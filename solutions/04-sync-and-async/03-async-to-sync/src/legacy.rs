//! The nightly export, written when all of the shop's code was synchronous. It is called from
//! cron jobs and admin scripts as well as from the web app, so it stays synchronous.

use crate::prices::{Price, PriceError};

/// Anything that answers a price synchronously: the export was written against this.
pub trait PriceSource {
    fn price(&self, symbol: &str) -> Result<Price, PriceError>;
}

/// The export as CSV: a header, then one `symbol,cents` line per symbol, fetched in order.
pub fn export_csv(source: &impl PriceSource, symbols: &[String]) -> Result<String, PriceError> {
    let mut csv = String::from("symbol,cents\n");
    for symbol in symbols {
        let price = source.price(symbol)?;
        csv.push_str(&format!("{},{}\n", price.symbol, price.cents));
    }
    Ok(csv)
}
