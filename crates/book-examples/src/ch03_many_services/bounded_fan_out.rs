//! Page "Bounded fan-out": the price of twenty hotels, asked of a pricing service at most
//! four at a time, answered in the order asked.

use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;

use super::upstream::{UpstreamError, fetch};

// ANCHOR: prices
/// At most `limit` calls in flight; results in
/// the order of `ids`, the first error wins.
pub async fn prices(
    client: &reqwest::Client,
    base: &str,
    ids: &[u32],
    limit: usize,
) -> Result<Vec<Value>, UpstreamError> {
    stream::iter(ids)
        .map(|id| {
            let url = format!("{base}/prices/{id}");
            async move { fetch(client, "pricing", &url).await }
        })
        .buffered(limit) // keeps `limit` futures running
        .try_collect()
        .await
}
// ANCHOR_END: prices

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::extract::Path;
    use axum::{Json, Router, routing::get};
    use serde_json::json;
    use std::time::Duration;
    use testkit::InFlight;

    #[tokio::test]
    async fn twenty_prices_at_most_four_at_a_time_in_order() {
        let probe = InFlight::new();
        let counted = probe.clone();
        let router = Router::new().route(
            "/prices/{id}",
            get(move |Path(id): Path<u32>| {
                let probe = counted.clone();
                async move {
                    let _inside = probe.enter();
                    tokio::time::sleep(Duration::from_millis(
                        20,
                    ))
                    .await;
                    Json(json!({"id": id, "eur": 80 + id}))
                }
            }),
        );
        let base = fake::serve(router).await;
        let ids: Vec<u32> = (1..=20).collect();
        let got =
            prices(&reqwest::Client::new(), &base, &ids, 4)
                .await
                .unwrap();
        let order: Vec<u64> = got
            .iter()
            .map(|p| p["id"].as_u64().unwrap())
            .collect();
        assert_eq!(order, (1..=20).collect::<Vec<u64>>());
        assert!(
            probe.peak() <= 4,
            "{} calls at once",
            probe.peak()
        );
        assert_eq!(probe.total(), 20);
    }
}
