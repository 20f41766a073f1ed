//! A thread-bound resource behind an owner thread, on a hit log: `HitLog` shares its counts
//! through `Rc<RefCell<..>>`, so it is not `Send`. One thread opens it and answers commands
//! from a channel; `GET /hits/{page}` sends a command and awaits the answer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

// ANCHOR: hit_log
/// A C library's handle in spirit: `Rc` makes it
/// `!Send`, so it can never leave its thread.
#[derive(Default)]
pub struct HitLog {
    hits: Rc<RefCell<HashMap<String, u64>>>,
}

impl HitLog {
    pub fn record(&self, page: &str) -> u64 {
        let mut hits = self.hits.borrow_mut();
        let count = hits.entry(page.into()).or_default();
        *count += 1;
        *count
    }
}
// ANCHOR_END: hit_log

// ANCHOR: owner
/// What the owner thread is asked to do.
struct Record {
    page: String,
    reply: oneshot::Sender<(u64, String)>,
}

/// The handlers' side: `Send`, cheap to clone.
#[derive(Clone)]
pub struct HitLogHandle {
    inbox: mpsc::Sender<Record>,
}

impl HitLogHandle {
    pub fn spawn() -> std::io::Result<Self> {
        let (inbox, commands) = mpsc::channel(64);
        std::thread::Builder::new()
            .name("hit-log".into())
            .spawn(move || serve(commands))?;
        Ok(Self { inbox })
    }
}

fn serve(mut commands: mpsc::Receiver<Record>) {
    // Opened here, on the thread that keeps it.
    let log = HitLog::default();
    let me = std::thread::current();
    let name = me.name().unwrap_or("?");
    // None once every handle is dropped.
    while let Some(cmd) = commands.blocking_recv() {
        let count = log.record(&cmd.page);
        let _ = cmd.reply.send((count, name.into()));
    }
}
// ANCHOR_END: owner

// ANCHOR: record
impl HitLogHandle {
    /// The count of `page` after this hit, and the
    /// name of the thread that counted it.
    pub async fn record(
        &self,
        page: &str,
    ) -> Option<(u64, String)> {
        let (reply, answer) = oneshot::channel();
        let page = page.to_owned();
        self.inbox.send(Record { page, reply }).await.ok()?;
        answer.await.ok()
    }
}
// ANCHOR_END: record

async fn hits(
    State(log): State<HitLogHandle>,
    Path(page): Path<String>,
) -> Result<Json<Value>, StatusCode> {
    let (count, thread) = log
        .record(&page)
        .await
        .ok_or(StatusCode::SERVICE_UNAVAILABLE)?;
    Ok(Json(
        json!({"page": page, "hits": count, "thread": thread}),
    ))
}

pub fn app(log: HitLogHandle) -> Router {
    Router::new()
        .route("/hits/{page}", get(hits))
        .with_state(log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use testkit::TestClient;
    use testkit::futures::future::join_all;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn every_request_is_counted_by_the_one_owner_thread()
    {
        let client = TestClient::new(app(HitLogHandle::spawn(
        )
        .unwrap()));
        let responses =
            join_all((0..20).map(|_| {
                client.get("/hits/about").into_future()
            }))
            .await;
        let mut counts: Vec<u64> = responses
            .iter()
            .map(|r| r.json()["hits"].as_u64().unwrap())
            .collect();
        counts.sort_unstable();
        assert_eq!(counts, (1..=20).collect::<Vec<_>>());
        assert!(
            responses
                .iter()
                .all(|r| r.json()["thread"] == "hit-log")
        );
    }
}
