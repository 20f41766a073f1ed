//! What the weather service answers (only the fields this app reads) and what
//! `GET /weather` answers.

use serde::{Deserialize, Serialize};

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

/// The body of `GET /weather`: the upstream's nesting, flattened.
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
