//! Page "A single query is not faster": one review's rating, awaited as it is, and several
//! ratings at once, where async pays.

use futures::future::try_join_all;
use sqlx::AnyPool;

// ANCHOR: one
/// `(await Review.objects.aget(pk=id)).rating`
pub async fn rating(
    pool: &AnyPool,
    id: i64,
) -> Result<Option<f64>, sqlx::Error> {
    // One query: await it, nothing more. Spawning
    // it or joining it with nothing makes it no faster.
    sqlx::query_scalar(
        "SELECT rating FROM reviews WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}
// ANCHOR_END: one

// ANCHOR: many
/// Independent lookups: while one waits for the
/// database, the others are already on their way.
pub async fn ratings(
    pool: &AnyPool,
    ids: &[i64],
) -> Result<Vec<Option<f64>>, sqlx::Error> {
    // Each future takes a connection of its own,
    // up to the pool's size; the rest queue for one.
    try_join_all(ids.iter().map(|&id| rating(pool, id))).await
}
// ANCHOR_END: many

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use sqlx::any::AnyPoolOptions;
    use testkit::db::{PoolProbe, TestDb};

    #[tokio::test]
    async fn one_rating_or_none() {
        let db = TestDb::seeded().await;
        assert_eq!(
            rating(db.pool(), 4).await.unwrap(),
            Some(3.0)
        );
        assert_eq!(rating(db.pool(), 99).await.unwrap(), None);
    }

    // ANCHOR: overlap
    // `#[tokio::test]` is a one-thread runtime: the lookups
    // overlap by waiting together, not on threads.
    #[tokio::test]
    async fn the_lookups_hold_three_connections_at_once() {
        let db = TestDb::seeded().await;
        // Holds each of the first three connections until
        // all three are out together.
        let probe =
            PoolProbe::with_gate(3, Duration::from_secs(8));
        let options = AnyPoolOptions::new().max_connections(3);
        let pool =
            db.connect_with(probe.install(options)).await;
        probe.arm();
        let found = ratings(&pool, &[1, 4, 99]).await.unwrap();
        assert_eq!(found, vec![Some(5.0), Some(3.0), None]);
        assert!(
            probe.gate_opened(),
            "the three lookups never held three connections \
             at once: were they awaited one after another?"
        );
    }
    // ANCHOR_END: overlap

    #[tokio::test]
    async fn on_a_pool_of_one_the_lookups_take_turns() {
        let db = TestDb::seeded().await;
        let probe = PoolProbe::new();
        let options = AnyPoolOptions::new().max_connections(1);
        let pool =
            db.connect_with(probe.install(options)).await;
        probe.arm();
        let found = ratings(&pool, &[1, 4, 99]).await.unwrap();
        assert_eq!(found, vec![Some(5.0), Some(3.0), None]);
        assert_eq!(probe.checkouts(), 3);
        assert_eq!(probe.peak_out(), 1);
    }
}
