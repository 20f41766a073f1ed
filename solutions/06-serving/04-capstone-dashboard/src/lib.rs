//! The capstone: a dashboard service that uses every chapter of the course.
//!
//! - articles in a database through sqlx (views counted by the database, aggregates):
//!   chapter 2, in `queries.rs`;
//! - news, weather and stocks fetched at once, each with a time budget, partial results when
//!   one fails: chapter 3, in `dashboard.rs`, with a cache in front (`cache.rs`);
//! - timing, request-id and authentication middleware: chapter 5, in `middleware.rs`;
//! - blocking work off the runtime: chapter 4, in `export.rs`;
//! - graceful shutdown and the limits a public server needs: this chapter, in `server.rs`
//!   and `limits.rs`;
//! - the dashboard live, as server-sent events: chapter 7, in `live.rs`.
//!
//! `app(state)` is the whole service as a `Router`; `main.rs` starts it on localhost with an
//! embedded database and fake upstreams of its own.

pub mod articles;
pub mod cache;
pub mod dashboard;
pub mod db;
mod error;
pub mod export;
pub mod fakes;
pub mod limits;
pub mod live;
pub mod middleware;
pub mod queries;
pub mod server;
pub mod upstream;

use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use sqlx::AnyPool;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub use cache::DashboardCache;
pub use error::{ApiError, ErrorBody};
pub use export::Renderer;
pub use limits::Limits;
pub use live::LiveDashboard;
pub use server::{Closing, serve, serve_with, shutdown_signal};

/// Everything the service is configured with; `main` reads it from the environment.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub news_url: String,
    pub weather_url: String,
    pub stocks_url: String,
    /// How long the dashboard waits for each service before leaving its section out.
    pub section_timeout: Duration,
    /// How long a complete dashboard is served from the cache.
    pub cache_ttl: Duration,
    /// The token every route but `/health` asks for: `Authorization: Bearer <token>`.
    pub api_token: String,
    /// At most this many `/dashboard/live` streams open at once; the next one is a `503`.
    pub max_live_views: usize,
    /// How often an idle `/dashboard/live` stream sends a keep-alive comment.
    pub live_keep_alive: Duration,
}

/// Built once at startup; every request gets a clone, and the clones share everything.
#[derive(Clone)]
pub struct AppState {
    pub db: AnyPool,
    /// One HTTP client for the whole service: it keeps connections to the services open.
    pub http: reqwest::Client,
    pub config: Arc<Config>,
    pub cache: Arc<DashboardCache>,
    pub renderer: Renderer,
    /// The dashboard as live viewers see it, and the streams open.
    pub live: Arc<LiveDashboard>,
}

/// The HTTP client's own timeout: the last line of defence for a call nobody bounded.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

impl AppState {
    /// Connects to the database, migrates it, adds the sample articles if it has none, and
    /// renders exports with `renderer`.
    pub async fn connect(config: Config, renderer: Renderer) -> Result<Self, StartError> {
        let db = db::connect(&config.database_url).await?;
        db::migrate(&db).await?;
        db::seed(&db).await?;
        // The services are on loopback: never through a proxy set in `HTTP_PROXY`.
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(CLIENT_TIMEOUT)
            .build()?;
        Ok(Self {
            db,
            http,
            cache: Arc::new(DashboardCache::new(config.cache_ttl)),
            config: Arc::new(config),
            renderer,
            live: Arc::new(LiveDashboard::new()),
        })
    }
}

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/dashboard", get(dashboard::dashboard))
        .route("/dashboard/live", get(live::dashboard_live))
        .route("/articles", get(articles::list))
        .route("/articles/{slug}", get(articles::detail))
        .route("/articles/{slug}/views", post(articles::add_view))
        .route("/articles/{slug}/export", get(export::export))
        .route("/stats", get(articles::stats))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::require_token,
        ));
    Router::new()
        .route("/health", get(health))
        .merge(api)
        .fallback(no_route)
        .with_state(state)
        // The last layer added is the outermost: the id is set first and copied to the
        // response last, so every response has one, 401s and 404s included.
        .layer(axum::middleware::from_fn(middleware::timing))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
// ANCHOR_END: app

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no route for {}", uri.path()))
}
