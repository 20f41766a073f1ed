//! Blocking work in a middleware: a maintenance flag read from a file (a network share, in
//! production) on every request, off the runtime's threads.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::json;

// ANCHOR: flag
/// Operators touch this file to close the site.
#[derive(Clone)]
pub struct MaintenanceFlag {
    pub path: PathBuf,
    /// The share's latency (tests swap in a barrier).
    pub wait: Arc<dyn Fn() + Send + Sync>,
}

impl MaintenanceFlag {
    /// Sync: `std::fs` holds its thread.
    pub fn is_set(&self) -> bool {
        (self.wait)();
        std::fs::exists(&self.path).unwrap_or(true)
    }
}
// ANCHOR_END: flag

// ANCHOR: maintenance
pub async fn maintenance(
    State(flag): State<MaintenanceFlag>,
    request: Request,
    next: Next,
) -> Response {
    let check = move || flag.is_set();
    match tokio::task::spawn_blocking(check).await {
        Ok(false) => next.run(request).await,
        // Set, or the check crashed: stay closed.
        Ok(true) | Err(_) => {
            let body = json!({"error": "maintenance"});
            let status = StatusCode::SERVICE_UNAVAILABLE;
            (status, Json(body)).into_response()
        }
    }
}
// ANCHOR_END: maintenance

pub fn app(flag: MaintenanceFlag) -> Router {
    super::articles().layer(middleware::from_fn_with_state(
        flag,
        maintenance,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use testkit::TestClient;
    use testkit::blocking::Rendezvous;

    fn flag_at(
        path: PathBuf,
        wait: impl Fn() + Send + Sync + 'static,
    ) -> MaintenanceFlag {
        MaintenanceFlag {
            path,
            wait: Arc::new(wait),
        }
    }

    #[tokio::test]
    async fn two_checks_run_side_by_side_off_the_runtime() {
        let share = Rendezvous::new(2, Duration::from_secs(5));
        let waits = share.clone();
        let flag =
            flag_at(PathBuf::from("no-such-flag"), move || {
                waits.wait();
            });
        let client = TestClient::new(app(flag));
        let path = "/articles/async-views";
        let ((a, b), pulse) = testkit::blocking::watch(async {
            tokio::join!(
                client.get(path).into_future(),
                client.get(path).into_future()
            )
        })
        .await;
        assert_eq!(
            (a.status, b.status),
            (StatusCode::OK, StatusCode::OK)
        );
        assert!(
            share.opened(),
            "the two checks never overlapped"
        );
        pulse.assert_not_blocked(
            "two checks of the maintenance flag",
        );
    }

    #[tokio::test]
    async fn the_flag_closes_the_site() {
        let folder = std::env::temp_dir()
            .join(format!("flag-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("maintenance.flag");
        std::fs::write(&path, "").unwrap();
        let response =
            TestClient::new(app(flag_at(path.clone(), || {})))
                .get("/articles/async-views")
                .await;
        std::fs::remove_file(&path).unwrap();
        response.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    }

    use std::future::IntoFuture;
}
