//! What the three upstreams answer (only the fields the dashboard reads: serde ignores the
//! rest) and what the dashboard answers.

use serde::{Deserialize, Serialize};

/// `GET /v1/headlines` on the news service.
#[derive(Debug, Deserialize)]
pub struct Headlines {
    pub articles: Vec<Headline>,
}

/// One headline, read from the news service and shown on the dashboard as it is.
#[derive(Debug, Deserialize, Serialize)]
pub struct Headline {
    pub title: String,
    pub source: String,
}

/// `GET /v1/current` on the weather service.
#[derive(Debug, Deserialize)]
pub struct CurrentWeather {
    pub location: Location,
    pub current: Conditions,
}

#[derive(Debug, Deserialize)]
pub struct Location {
    pub city: String,
}

#[derive(Debug, Deserialize)]
pub struct Conditions {
    pub temperature_c: f64,
    pub condition: String,
}

/// `GET /v1/quotes` on the stocks service.
#[derive(Debug, Deserialize)]
pub struct Quotes {
    pub quotes: Vec<Quote>,
}

/// One quote, read from the stocks service and shown on the dashboard as it is.
#[derive(Debug, Deserialize, Serialize)]
pub struct Quote {
    pub symbol: String,
    pub price: f64,
    pub change_pct: f64,
}

/// The weather section of the dashboard: the upstream's nesting, flattened.
#[derive(Debug, Serialize)]
pub struct Weather {
    pub city: String,
    pub temperature_c: f64,
    pub condition: String,
}

impl From<CurrentWeather> for Weather {
    fn from(upstream: CurrentWeather) -> Self {
        Weather {
            city: upstream.location.city,
            temperature_c: upstream.current.temperature_c,
            condition: upstream.current.condition,
        }
    }
}

/// The body of `GET /dashboard`.
#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub headlines: Vec<Headline>,
    pub weather: Weather,
    pub stocks: Vec<Quote>,
}
