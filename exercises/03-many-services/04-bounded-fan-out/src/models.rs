//! What the stocks service answers for one symbol, and what `GET /portfolio` answers.

use serde::{Deserialize, Serialize};

/// `GET /v1/quotes/{symbol}` on the stocks service (only the fields this app reads), shown
/// in the portfolio as it is.
#[derive(Debug, Deserialize, Serialize)]
pub struct Quote {
    pub symbol: String,
    pub price: f64,
    pub change_pct: f64,
}

/// The body of `GET /portfolio`: one quote per symbol, in the portfolio's order.
#[derive(Debug, Serialize)]
pub struct Portfolio {
    pub quotes: Vec<Quote>,
}
