//! Measures before.rs and your app with the course's load tool (`testkit::load`), against
//! three local fake upstreams that each take 50 ms, and prints p50, p99 and requests per
//! second for one client and for eight at once.
//!
//! ```text
//! cargo run -p measure-before-after --example measure
//! ```
//!
//! Run it before your change and after: the tests check the same numbers, with less load.

use std::time::Duration;

use measure_before_after::{AppState, Config, app, before};
use testkit::load::{self, Load};
use testkit::upstream::{LoopbackUpstream, Service};

/// Each fake upstream's latency.
const LATENCY: Duration = Duration::from_millis(50);

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let news = LoopbackUpstream::builder(Service::News)
        .hold(LATENCY)
        .start()
        .await;
    let weather = LoopbackUpstream::builder(Service::Weather)
        .hold(LATENCY)
        .start()
        .await;
    let stocks = LoopbackUpstream::builder(Service::Stocks)
        .hold(LATENCY)
        .start()
        .await;
    let config = Config {
        news_url: news.url(),
        weather_url: weather.url(),
        stocks_url: stocks.url(),
        timeout: Duration::from_secs(10),
    };
    println!("each upstream answers in {}\n", load::millis(LATENCY));
    let runs = [
        ("1 client ", Load::new(1, 10)),
        ("8 clients", Load::new(8, 24)),
    ];
    for (label, load) in runs {
        let load = load.patience(Duration::from_secs(30));
        let (was, yours) = (
            before::app(AppState::new(config.clone())?),
            app(AppState::new(config.clone())?),
        );
        let was = load::measure_app(was, "/dashboard", load).await;
        let now = load::measure_app(yours, "/dashboard", load).await;
        println!("{label}  before: {was}");
        println!("{label}  yours:  {now}\n");
    }
    Ok(())
}
