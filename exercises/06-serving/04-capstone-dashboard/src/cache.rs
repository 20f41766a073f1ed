//! Stage 3: the dashboard's cache, Django's `@cache_page(ttl)`. A complete dashboard is served
//! from memory for `ttl`; the requests that arrive while one is being built wait for it and
//! share it, instead of all calling the three services at once.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::ApiError;
use crate::dashboard::Dashboard;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheStatus {
    /// Served from the cache (or shared with the request that was building it).
    Hit,
    /// Built for this request.
    Miss,
}

pub struct DashboardCache {
    ttl: Duration,
    /// The last dashboard built, and when. Read by every request: a short, blocking lock that
    /// is never held across an `.await`.
    last: RwLock<Option<Built>>,
    /// Held by the one request building a dashboard, across the build's `.await`s: the one
    /// place where an async mutex is the right tool.
    building: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Built {
    at: Instant,
    dashboard: Arc<Dashboard>,
}

impl DashboardCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            last: RwLock::new(None),
            building: tokio::sync::Mutex::new(()),
        }
    }

    /// The cached dashboard if it is fresh, else the one `build` makes.
    pub async fn get_or_build<F, Fut>(
        &self,
        build: F,
    ) -> Result<(Arc<Dashboard>, CacheStatus), ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Dashboard, ApiError>>,
    {
        // TODO: answer a fresh, complete dashboard from the cache (`Hit`). Otherwise let one
        // request build it (`self.building`) while the others wait, and let the ones that
        // waited share what was built after they arrived, even a partial dashboard. Keep
        // what you built in `self.last` (with `Instant::now()`), and answer it as a `Miss`.
        // Only complete dashboards younger than `self.ttl` are fresh.
        //
        // Until then, every request builds its own dashboard: stage 2 works, stage 3 fails.
        let _ = (&self.building, self.ttl);
        Ok((Arc::new(build().await?), CacheStatus::Miss))
    }

    /// Forgets the dashboard kept: the data under it changed (a view was counted), so the
    /// next request builds a new one.
    pub fn expire(&self) {
        *self.last.write().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The last dashboard, if it is complete and younger than `ttl`.
    #[allow(dead_code)] // TODO: use it in `get_or_build`, then delete this line.
    fn fresh(&self) -> Option<Arc<Dashboard>> {
        self.last()
            .filter(|last| last.dashboard.is_complete() && last.at.elapsed() < self.ttl)
            .map(|last| last.dashboard)
    }

    #[allow(dead_code)] // TODO: use it in `get_or_build`, then delete this line.
    fn last(&self) -> Option<Built> {
        self.last
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
