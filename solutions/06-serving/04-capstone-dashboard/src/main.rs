//! The dashboard service on localhost, with nothing to set up: an in-memory SQLite database
//! (or PostgreSQL with `WORKSHOP_DATABASE_URL=postgres://...`) and fake news, weather and stocks
//! services started on loopback ports. It prints its URL and requests to try.
//!
//! `ADDR` (default `127.0.0.1:3000`; port 0 picks a free one), `WORKSHOP_DATABASE_URL` and `API_TOKEN`
//! (default `demo-token`) change the defaults.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use capstone_dashboard::fakes::FakeUpstreams;
use capstone_dashboard::{AppState, Config, app, export, serve, shutdown_signal};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => {
            println!("server stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let addr = env_or("ADDR", "127.0.0.1:3000");
    let database_url = env_or("WORKSHOP_DATABASE_URL", "sqlite::memory:");
    let api_token = env_or("API_TOKEN", "demo-token");

    // The services a real deployment would call over the network, here on loopback, each a
    // little slow, as services are.
    let fakes = FakeUpstreams::start(Duration::from_millis(100)).await?;
    let config = Config {
        database_url,
        news_url: fakes.news.url().to_owned(),
        weather_url: fakes.weather.url().to_owned(),
        stocks_url: fakes.stocks.url().to_owned(),
        section_timeout: Duration::from_millis(500),
        cache_ttl: Duration::from_secs(5),
        api_token: api_token.clone(),
        max_live_views: 1000,
        live_keep_alive: Duration::from_secs(15),
    };
    let database = if config.database_url.starts_with("sqlite:") {
        "SQLite in memory"
    } else {
        "the database in WORKSHOP_DATABASE_URL"
    };
    let state = AppState::connect(config, Arc::new(export::plain_text)).await?;
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let url = format!("http://{}", listener.local_addr()?);

    println!("listening on {url}");
    println!("articles in {database}; news, weather and stocks from fake services on loopback");
    println!("try:");
    let auth = format!("-H 'authorization: Bearer {api_token}'");
    println!("  curl {url}/health");
    println!("  curl {auth} {url}/dashboard");
    println!("  curl {auth} {url}/articles");
    println!("  curl {auth} -X POST {url}/articles/tokio-tasks/views");
    println!("  curl {auth} {url}/stats");
    println!("  curl {auth} {url}/articles/async-views/export");
    // Not a `curl ` line of its own: its answer never ends (the tests run the others).
    println!(
        "and the live view, a new event at each view counted: curl -N {auth} {url}/dashboard/live"
    );
    println!("Ctrl-C stops it after the requests in flight are answered.");

    serve(listener, app(state), shutdown_signal()).await?;
    Ok(())
}
