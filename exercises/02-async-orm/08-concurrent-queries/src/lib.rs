//! A dashboard of three independent numbers, fetched at the same time on three connections
//! of one pool. With a pool of one connection, the same code queues them.

use serde::Serialize;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// What the dashboard shows: three answers that do not depend on each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    pub published: i64,
    pub reviews: i64,
    pub newest_title: Option<String>,
}

/// The application's pool. Each query in flight holds one connection, so the size is how many
/// queries can run at once; past it, callers wait (up to `acquire_timeout`) for a free one.
pub fn pool_options() -> AnyPoolOptions {
    // TODO: a pool with room for the dashboard's queries at once (and a few requests more),
    // and an `acquire_timeout` of a few seconds so a starved caller fails instead of hanging.
    todo!("size the pool")
}

/// `await asyncio.gather(published.acount(), Review.objects.acount(), newest.afirst())`.
pub async fn dashboard(pool: &AnyPool) -> Result<Dashboard, sqlx::Error> {
    // TODO: three independent queries, run at the same time:
    //   - how many articles are published,
    //   - how many reviews there are,
    //   - the title of the newest published article (latest `published_on`, then highest id),
    //     or `None` if nothing is published.
    // Build the three query futures, then await them together.
    todo!("three queries at once on a pool of {}", pool.size())
}
