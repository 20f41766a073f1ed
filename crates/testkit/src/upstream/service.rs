//! The three services the chapter's dashboard calls, and the JSON each one answers.
//!
//! The bodies look like real public APIs: more fields than the dashboard needs (so the
//! learner's types pick what they use and serde ignores the rest), nested objects, numbers
//! with decimals, timestamps as text. Both fakes, wiremock's and the loopback one, answer
//! exactly these bodies, so a snapshot is the same whichever fake a test uses.

use serde_json::{Value, json};

/// One of the upstream services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// `GET /v1/headlines`: the latest headlines.
    News,
    /// `GET /v1/current`: current conditions for the configured city.
    Weather,
    /// `GET /v1/quotes` (a watch list) and `GET /v1/quotes/{symbol}` (one quote).
    Stocks,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::News, Service::Weather, Service::Stocks];

    /// How the service is named in logs and error messages: `news`, `weather`, `stocks`.
    pub fn name(self) -> &'static str {
        match self {
            Service::News => "news",
            Service::Weather => "weather",
            Service::Stocks => "stocks",
        }
    }

    /// The path of the service's main endpoint.
    pub fn path(self) -> &'static str {
        match self {
            Service::News => "/v1/headlines",
            Service::Weather => "/v1/current",
            Service::Stocks => "/v1/quotes",
        }
    }

    /// What the main endpoint answers on a good day.
    pub fn sample(self) -> Value {
        match self {
            Service::News => news(),
            Service::Weather => weather(),
            Service::Stocks => stocks(),
        }
    }

    /// A body cut off in the middle, as a crashed or truncating upstream sends it. It is
    /// served with `content-type: application/json`, so only parsing finds the problem.
    pub fn malformed_sample(self) -> &'static str {
        match self {
            Service::News => r#"{"status": "ok", "articles": [{"id": "n-4821", "title": "City cou"#,
            Service::Weather => r#"{"location": {"city": "Lisbon"}, "current": {"temperature_c": "#,
            Service::Stocks => r#"{"quotes": [{"symbol": "ACME", "price": 187.4"#,
        }
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn news() -> Value {
    json!({
        "status": "ok",
        "total_results": 3,
        "articles": [
            {
                "id": "n-4821",
                "title": "City council approves twelve kilometres of new cycle lanes",
                "source": "Lisbon Daily",
                "url": "https://news.example.com/articles/n-4821",
                "published_at": "2026-03-05T07:42:00Z"
            },
            {
                "id": "n-4822",
                "title": "Local bakery wins national sourdough prize",
                "source": "Food & Town",
                "url": "https://news.example.com/articles/n-4822",
                "published_at": "2026-03-05T07:15:00Z"
            },
            {
                "id": "n-4823",
                "title": "Record crowd at the async Rust meetup",
                "source": "Tech Weekly",
                "url": "https://news.example.com/articles/n-4823",
                "published_at": "2026-03-04T21:03:00Z"
            }
        ]
    })
}

fn weather() -> Value {
    json!({
        "location": { "city": "Lisbon", "country": "PT", "lat": 38.72, "lon": -9.14 },
        "current": {
            "temperature_c": 21.4,
            "feels_like_c": 20.9,
            "condition": "Partly cloudy",
            "humidity_pct": 64,
            "wind_kph": 13.0
        },
        "observed_at": "2026-03-05T08:00:00Z"
    })
}

fn stocks() -> Value {
    json!({
        "as_of": "2026-03-05T08:15:00Z",
        "currency": "USD",
        "quotes": [
            { "symbol": "ACME", "name": "Acme Corp", "price": 187.42, "change_pct": 1.35 },
            { "symbol": "GLBX", "name": "Globex", "price": 52.1, "change_pct": -0.84 },
            { "symbol": "INIT", "name": "Initech", "price": 12.77, "change_pct": 0.12 }
        ]
    })
}

/// What `GET /v1/quotes/{symbol}` answers. The watch list's symbols get the watch list's
/// prices; any other symbol gets a price made from its name, so snapshots are stable.
pub fn quote(symbol: &str) -> Value {
    let listed = stocks()["quotes"]
        .as_array()
        .and_then(|quotes| quotes.iter().find(|q| q["symbol"] == symbol).cloned());
    let (price, change_pct) = match listed {
        Some(quote) => (quote["price"].clone(), quote["change_pct"].clone()),
        None => {
            let seed = symbol.bytes().fold(7_u64, |acc, b| {
                acc.wrapping_mul(31).wrapping_add(u64::from(b))
            });
            let cents = 1_000 + seed % 49_000;
            let change = (seed % 601) as i64 - 300;
            (json!(cents as f64 / 100.0), json!(change as f64 / 100.0))
        }
    };
    json!({
        "symbol": symbol,
        "price": price,
        "change_pct": change_pct,
        "currency": "USD",
        "as_of": "2026-03-05T08:15:00Z"
    })
}

/// `count` ticker-like symbols, `T01`, `T02`, ...: a portfolio for fan-out tests.
pub fn symbols(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("T{i:02}")).collect()
}
