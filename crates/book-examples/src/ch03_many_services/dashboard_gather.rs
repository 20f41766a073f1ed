//! Page "The dashboard: three calls at once": a trip page that needs flights, hotels and the
//! exchange rate, three independent calls awaited together.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::upstream::{UpstreamError, fetch};

/// Where the three services live.
#[derive(Clone)]
pub struct Services {
    pub flights: String,
    pub hotels: String,
    pub rates: String,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Trip {
    pub flights: Value,
    pub hotels: Value,
    pub rates: Value,
}

// ANCHOR: gather
pub async fn trip(
    client: &reqwest::Client,
    at: &Services,
) -> Result<Trip, UpstreamError> {
    // Three futures: none has sent anything yet.
    let flights = fetch(client, "flights", &at.flights);
    let hotels = fetch(client, "hotels", &at.hotels);
    let rates = fetch(client, "rates", &at.rates);
    // Polled together, like asyncio.gather; the
    // first error drops (cancels) the other two.
    let (flights, hotels, rates) =
        tokio::try_join!(flights, hotels, rates)?;
    Ok(Trip {
        flights,
        hotels,
        rates,
    })
}
// ANCHOR_END: gather

/// The wrong version: correct, and as slow as the three calls added up.
pub mod wrong {
    use super::*;

    // ANCHOR: wrong
    pub async fn trip(
        client: &reqwest::Client,
        at: &Services,
    ) -> Result<Trip, UpstreamError> {
        // Each call starts when the one before ends.
        let flights =
            fetch(client, "flights", &at.flights).await?;
        let hotels =
            fetch(client, "hotels", &at.hotels).await?;
        let rates = fetch(client, "rates", &at.rates).await?;
        Ok(Trip {
            flights,
            hotels,
            rates,
        })
    }
    // ANCHOR_END: wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::http::StatusCode;
    use axum::{Json, routing::get};
    use serde_json::json;
    use std::time::Duration;
    use testkit::upstream::{Gate, Opened};

    /// The three services, each holding its request at `gate` until all three have arrived
    /// (or the gate's patience runs out): if the gate opened by arrivals, they overlapped.
    async fn services(
        gate: &Gate,
        rates_status: StatusCode,
    ) -> Services {
        let route = |body: Value, status: StatusCode| {
            let gate = gate.clone();
            get(move || async move {
                gate.pass().await;
                (status, Json(body))
            })
        };
        fake::services(
            route(json!([{"to": "LIS"}]), StatusCode::OK),
            route(json!([{"name": "Sol"}]), StatusCode::OK),
            route(json!({"usd": 1.08}), rates_status),
        )
        .await
    }

    #[tokio::test]
    async fn the_three_calls_are_in_flight_together() {
        let gate = Gate::new(3, Duration::from_secs(5));
        let at = services(&gate, StatusCode::OK).await;
        let trip =
            trip(&reqwest::Client::new(), &at).await.unwrap();
        assert_eq!(trip.rates, json!({"usd": 1.08}));
        assert_eq!(gate.opened(), Opened::ByArrivals);
    }

    #[tokio::test]
    async fn one_after_another_they_never_are() {
        let gate = Gate::new(3, Duration::from_millis(300));
        let at = services(&gate, StatusCode::OK).await;
        wrong::trip(&reqwest::Client::new(), &at)
            .await
            .unwrap();
        assert_eq!(gate.opened(), Opened::ByPatience);
    }

    #[tokio::test]
    async fn one_failure_fails_the_page_and_names_the_service()
    {
        let gate = Gate::new(3, Duration::from_secs(5));
        let at =
            services(&gate, StatusCode::SERVICE_UNAVAILABLE)
                .await;
        let err = trip(&reqwest::Client::new(), &at)
            .await
            .unwrap_err();
        assert!(
            matches!(err, UpstreamError::Bad("rates", _)),
            "{err:?}"
        );
    }
}
