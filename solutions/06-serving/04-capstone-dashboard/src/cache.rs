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

    // ANCHOR: get_or_build
    /// The cached dashboard if it is fresh, else the one `build` makes.
    pub async fn get_or_build<F, Fut>(
        &self,
        build: F,
    ) -> Result<(Arc<Dashboard>, CacheStatus), ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Dashboard, ApiError>>,
    {
        let arrived = Instant::now();
        if let Some(fresh) = self.fresh() {
            return Ok((fresh, CacheStatus::Hit));
        }
        // One request builds; the others queue here, then share what it built.
        let _building = self.building.lock().await;
        if let Some(last) = self.last() {
            let fresh = last.dashboard.is_complete() && last.at.elapsed() < self.ttl;
            // Built while we waited: ours too, even a partial one (its services were just
            // asked; asking again at once would only queue more calls on a failing service).
            if fresh || last.at >= arrived {
                return Ok((last.dashboard, CacheStatus::Hit));
            }
        }
        let dashboard = Arc::new(build().await?);
        // Partial dashboards are shared with the requests waiting now, never kept for later.
        *self.last.write().unwrap_or_else(PoisonError::into_inner) = Some(Built {
            at: Instant::now(),
            dashboard: Arc::clone(&dashboard),
        });
        Ok((dashboard, CacheStatus::Miss))
    }
    // ANCHOR_END: get_or_build

    /// Forgets the dashboard kept: the data under it changed (a view was counted), so the
    /// next request builds a new one.
    pub fn expire(&self) {
        *self.last.write().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The last dashboard, if it is complete and younger than `ttl`.
    fn fresh(&self) -> Option<Arc<Dashboard>> {
        self.last()
            .filter(|last| last.dashboard.is_complete() && last.at.elapsed() < self.ttl)
            .map(|last| last.dashboard)
    }

    fn last(&self) -> Option<Built> {
        self.last
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
