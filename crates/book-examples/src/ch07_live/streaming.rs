//! "Streaming a large export": every review as one line of JSON (NDJSON), sent page by page.
//!
//! The exercise streams one query's rows; this example shows the other way to get an owned
//! stream from a pool: keyset pagination, one small query per page of rows, each page fetched
//! only when the body has sent the previous one.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Router, routing::get};
use futures::{Stream, TryStreamExt};
use sqlx::AnyPool;

#[derive(Debug, sqlx::FromRow)]
pub struct Review {
    pub id: i64,
    pub article_id: i64,
    pub rating: f64,
}

pub fn app(pool: AnyPool) -> Router {
    Router::new()
        .route("/reviews.ndjson", get(reviews_ndjson))
        .with_state(pool)
}

// ANCHOR: pages
/// Rows per query: the most the stream holds in memory at once.
const PAGE: i64 = 2;

/// Every review in id order, one page of `PAGE` rows per query. The stream owns the pool (a
/// cheap handle), so it is `'static` and a response body can keep it.
pub fn reviews(
    pool: AnyPool,
) -> impl Stream<Item = Result<Review, sqlx::Error>> + Send + 'static
{
    futures::stream::try_unfold((pool, 0_i64), |(pool, after)| async move {
        let page: Vec<Review> = sqlx::query_as(
            "SELECT id, article_id, rating FROM reviews WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&pool)
        .await?;
        let Some(last) = page.last().map(|review| review.id) else {
            return Ok::<_, sqlx::Error>(None); // No more rows: the stream ends.
        };
        let rows = futures::stream::iter(page.into_iter().map(Ok::<_, sqlx::Error>));
        Ok(Some((rows, (pool, last))))
    })
    .try_flatten()
}
// ANCHOR_END: pages

// ANCHOR: handler
async fn reviews_ndjson(
    State(pool): State<AnyPool>,
) -> Response {
    let lines = reviews(pool).map_ok(|review| {
        let line = serde_json::json!({
            "id": review.id,
            "article_id": review.article_id,
            "rating": review.rating,
        });
        Bytes::from(format!("{line}\n"))
    });
    let body = Body::from_stream(lines);
    ([(header::CONTENT_TYPE, "application/x-ndjson")], body)
        .into_response()
}
// ANCHOR_END: handler

#[cfg(test)]
mod tests {
    use testkit::TestClient;
    use testkit::db::TestDb;

    use super::*;

    #[tokio::test]
    async fn every_review_is_one_line_of_json() {
        let db = TestDb::seeded().await;
        let res = TestClient::new(app(db.pool().clone()))
            .get("/reviews.ndjson")
            .await;
        assert_eq!(
            res.content_type(),
            Some("application/x-ndjson")
        );
        let ids: Vec<i64> = res
            .text()
            .lines()
            .map(|line| {
                serde_json::from_str::<serde_json::Value>(line)
                    .expect("a JSON line")
            })
            .map(|review| review["id"].as_i64().expect("an id"))
            .collect();
        assert_eq!(
            ids,
            [1, 2, 3, 4, 5, 6],
            "six reviews, three pages of two"
        );
    }
}
