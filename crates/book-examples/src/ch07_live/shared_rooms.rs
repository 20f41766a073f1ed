//! "More than one server": every instance keeps the articles' titles in memory, and when one
//! instance changes a title, all of them forget their copy, through PostgreSQL's
//! LISTEN/NOTIFY. (The exercise relays chat messages the same way.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgPool;
use sqlx::postgres::PgListener;

/// One instance's copy of the titles it has read.
#[derive(Clone, Debug, Default)]
pub struct TitleCache(Arc<Mutex<HashMap<i64, String>>>);

impl TitleCache {
    pub fn insert(&self, id: i64, title: &str) {
        self.lock().insert(id, title.to_owned());
    }

    pub fn get(&self, id: i64) -> Option<String> {
        self.lock().get(&id).cloned()
    }

    pub fn evict(&self, id: i64) {
        self.lock().remove(&id);
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<i64, String>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

// ANCHOR: invalidate
/// Tells every instance that article `id` changed. Inside a transaction, PostgreSQL sends the
/// notification at COMMIT, and not at all on ROLLBACK.
pub async fn article_changed(
    pool: &PgPool,
    channel: &str,
    id: i64,
) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets each article another instance (or this one) says has changed. Runs for as long as
/// the instance does, on a connection of its own that PostgreSQL pushes notifications to.
pub async fn forget_changed_articles(
    mut listener: PgListener,
    cache: TitleCache,
) {
    loop {
        match listener.recv().await {
            Ok(notification) => {
                match notification.payload().parse() {
                    Ok(id) => cache.evict(id),
                    Err(_) => eprintln!(
                        "not an article id: {:?}",
                        notification.payload()
                    ),
                }
            }
            Err(e) => eprintln!(
                "lost the database, reconnecting: {e}"
            ),
        }
    }
}
// ANCHOR_END: invalidate

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use testkit::db::{Backend, TestDb};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_change_on_one_instance_evicts_the_title_everywhere()
     {
        let db = TestDb::empty().await;
        let (one, two) =
            (TitleCache::default(), TitleCache::default());
        one.insert(1, "Hello");
        two.insert(1, "Hello");
        if db.backend() == Backend::Sqlite {
            // SQLite cannot notify another process: each instance can only forget its own.
            one.evict(1);
            assert_eq!(
                (one.get(1), two.get(1)),
                (None, Some("Hello".to_owned()))
            );
            return;
        }
        let channel = db
            .url()
            .split(['?', '&'])
            .find_map(|param| {
                param.strip_prefix("application_name=")
            })
            .expect("testkit names each test's connections")
            .to_owned();
        let pool = PgPool::connect(db.url())
            .await
            .expect("connecting");
        let mut tasks = Vec::new();
        for cache in [&one, &two] {
            let mut listener = PgListener::connect_with(&pool)
                .await
                .expect("a listener");
            listener.listen(&channel).await.expect("LISTEN");
            tasks.push(tokio::spawn(forget_changed_articles(
                listener,
                cache.clone(),
            )));
        }
        article_changed(&pool, &channel, 1)
            .await
            .expect("NOTIFY");
        let evicted = tokio::time::timeout(
            Duration::from_secs(5),
            async {
                while one.get(1).is_some()
                    || two.get(1).is_some()
                {
                    tokio::time::sleep(Duration::from_millis(
                        5,
                    ))
                    .await;
                }
            },
        )
        .await;
        tasks.iter().for_each(tokio::task::JoinHandle::abort);
        assert!(
            evicted.is_ok(),
            "both instances forgot article 1"
        );
    }
}
