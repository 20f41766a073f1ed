//! Page "A JSON API over the database": the blog's tags as an API, a page of them filtered
//! by a prefix, and a new one validated before it is stored; every value bound.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::AnyPool;

use super::save_update_delete::Tag;

type Failure = (StatusCode, Json<Value>);

fn fail(status: StatusCode, error: &str) -> Failure {
    (status, Json(json!({ "error": error })))
}

// ANCHOR: store
/// A page of the tags whose name starts with
/// `prefix`, and how many there are in all.
pub async fn tags_page(
    pool: &AnyPool,
    prefix: &str,
    page: i64,
    per_page: i64,
) -> Result<(Vec<(i64, String)>, i64), sqlx::Error> {
    // The prefix is a value, bound: `'` in it is text.
    let items = sqlx::query_as(
        "SELECT id, name FROM tags \
         WHERE name LIKE $1 || '%' \
         ORDER BY name LIMIT $2 OFFSET $3",
    )
    .bind(prefix)
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tags WHERE name LIKE $1 || '%'",
    )
    .bind(prefix)
    .fetch_one(pool)
    .await?;
    Ok((items, total))
}
// ANCHOR_END: store

// ANCHOR: list
#[derive(Deserialize)]
pub struct PageQuery {
    prefix: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_tags(
    State(pool): State<AnyPool>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Value>, Failure> {
    let bad = || fail(StatusCode::BAD_REQUEST, "invalid_query");
    let Query(q) = query.map_err(|_| bad())?;
    let (page, per_page) =
        (q.page.unwrap_or(1), q.per_page.unwrap_or(20));
    if page < 1 || !(1..=50).contains(&per_page) {
        return Err(bad());
    }
    let prefix = q.prefix.unwrap_or_default();
    let (items, total) =
        tags_page(&pool, &prefix, page, per_page)
            .await
            .map_err(|_| {
                fail(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "database_error",
                )
            })?;
    let items: Vec<_> = items
        .into_iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    Ok(Json(
        json!({"items": items, "total": total, "page": page}),
    ))
}
// ANCHOR_END: list

// ANCHOR: create
#[derive(Deserialize)]
pub struct NewTag {
    name: String,
}

async fn create_tag(
    State(pool): State<AnyPool>,
    body: Result<Json<NewTag>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), Failure> {
    let Json(new) = body.map_err(|_| {
        fail(StatusCode::BAD_REQUEST, "malformed")
    })?;
    // Validate everything before the first write.
    let lowercase =
        new.name.chars().all(|c| c.is_ascii_lowercase());
    if new.name.is_empty() || new.name.len() > 30 || !lowercase
    {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ));
    }
    let stored: Result<Tag, _> = sqlx::query_as(
        "INSERT INTO tags (name) VALUES ($1) \
         RETURNING id, name",
    )
    .bind(&new.name)
    .fetch_one(&pool)
    .await;
    match stored {
        Ok(tag) => Ok((
            StatusCode::CREATED,
            Json(json!({"id": tag.id, "name": tag.name})),
        )),
        // The client's mistake, not a failure of ours.
        Err(sqlx::Error::Database(e))
            if e.is_unique_violation() =>
        {
            Err(fail(StatusCode::CONFLICT, "name_taken"))
        }
        Err(_) => Err(fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "database_error",
        )),
    }
}

pub fn app(pool: AnyPool) -> Router {
    Router::new()
        .route("/tags", get(list_tags).post(create_tag))
        .with_state(pool)
}
// ANCHOR_END: create

/// The wrong version: the prefix pasted into the SQL.
pub mod wrong {
    use sqlx::{AnyPool, AssertSqlSafe};

    // ANCHOR: wrong
    pub async fn tag_names(
        pool: &AnyPool,
        prefix: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        // WRONG: `x' OR name LIKE '` matches every tag.
        let sql = format!(
            "SELECT name FROM tags \
             WHERE name LIKE '{prefix}%' ORDER BY name"
        );
        sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
    }
    // ANCHOR_END: wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::TestClient;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn a_page_of_tags_and_the_total() {
        let db = TestDb::seeded().await;
        let client = TestClient::new(app(db.pool().clone()));
        let res = client.get("/tags?per_page=2").await;
        let expected = json!({
            "items": [{"id": 3, "name": "async"}, {"id": 2, "name": "django"}],
            "total": 3,
            "page": 1,
        });
        assert_eq!(res.json(), expected);
        let rust = client.get("/tags?prefix=ru").await;
        assert_eq!(rust.json()["total"], 1);
        for bad in [
            "/tags?page=0",
            "/tags?per_page=51",
            "/tags?page=two",
        ] {
            client
                .get(bad)
                .await
                .assert_status(StatusCode::BAD_REQUEST);
        }
    }

    #[tokio::test]
    async fn a_prefix_that_looks_like_sql_is_text() {
        let db = TestDb::seeded().await;
        let (items, total) =
            tags_page(db.pool(), "x' OR name LIKE '", 1, 10)
                .await
                .unwrap();
        assert_eq!((items.len(), total), (0, 0));
        let pasted =
            wrong::tag_names(db.pool(), "x' OR name LIKE '")
                .await
                .unwrap();
        assert_eq!(
            pasted.len(),
            3,
            "the wrong version matched every tag: {pasted:?}"
        );
    }

    #[tokio::test]
    async fn a_new_tag_is_validated_then_stored_and_a_taken_name_is_a_409()
     {
        let db = TestDb::seeded().await;
        let client = TestClient::new(app(db.pool().clone()));
        let created = client
            .post("/tags")
            .json(&json!({"name": "tokio"}))
            .await;
        created.assert_status(StatusCode::CREATED);
        let taken = client
            .post("/tags")
            .json(&json!({"name": "rust"}))
            .await;
        taken.assert_status(StatusCode::CONFLICT);
        let invalid = client
            .post("/tags")
            .json(&json!({"name": "Not OK"}))
            .await;
        invalid.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(db.count("tags").await, 4);
    }
}
