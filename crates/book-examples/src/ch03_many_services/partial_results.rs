//! Page "Timeouts and partial results": the trip page with a time budget per section; a
//! section that fails or runs out of time is shown as unavailable, the rest as they came.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::dashboard_gather::Services;
use super::upstream::{UpstreamError, fetch};

// ANCHOR: section
#[derive(Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Section {
    Ready { data: Value },
    Unavailable { reason: String },
}

/// One call, within its own time budget.
async fn section(
    client: &reqwest::Client,
    name: &'static str,
    url: &str,
    budget: Duration,
) -> Section {
    let call = fetch::<Value>(client, name, url);
    match tokio::time::timeout(budget, call).await {
        Ok(Ok(data)) => Section::Ready { data },
        Ok(Err(UpstreamError::Bad(_, why))) => {
            Section::Unavailable { reason: why }
        }
        Ok(Err(UpstreamError::Timeout(_))) | Err(_) => {
            Section::Unavailable {
                reason: "timed out".into(),
            }
        }
    }
}
// ANCHOR_END: section

// ANCHOR: page
#[derive(Debug, Serialize)]
pub struct TripPage {
    pub flights: Section,
    pub hotels: Section,
    pub rates: Section,
}

pub async fn trip_page(
    client: &reqwest::Client,
    at: &Services,
    budget: Duration,
) -> TripPage {
    // join!, not try_join!: a section never fails
    // the page, it only shows less.
    let (flights, hotels, rates) = tokio::join!(
        section(client, "flights", &at.flights, budget),
        section(client, "hotels", &at.hotels, budget),
        section(client, "rates", &at.rates, budget),
    );
    TripPage {
        flights,
        hotels,
        rates,
    }
}
// ANCHOR_END: page

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch03_many_services::fake;
    use axum::http::StatusCode;
    use axum::{Json, routing::get};
    use serde_json::json;

    #[tokio::test]
    async fn a_slow_and_a_broken_section_do_not_spoil_the_third()
     {
        let at = fake::services(
            get(|| async { Json(json!(["LIS"])) }),
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5))
                    .await;
                Json(json!([]))
            }),
            get(|| async { StatusCode::SERVICE_UNAVAILABLE }),
        )
        .await;
        let page = trip_page(
            &reqwest::Client::new(),
            &at,
            Duration::from_secs(1),
        )
        .await;
        assert_eq!(
            page.flights,
            Section::Ready {
                data: json!(["LIS"])
            }
        );
        let timed_out = Section::Unavailable {
            reason: "timed out".into(),
        };
        assert_eq!(page.hotels, timed_out);
        let Section::Unavailable { reason } = &page.rates
        else {
            panic!("rates answered 503 yet is {:?}", page.rates)
        };
        assert!(reason.contains("503"), "{reason}");
        let shown = serde_json::to_value(&page).unwrap();
        assert_eq!(shown["flights"]["state"], "ready");
    }
}
