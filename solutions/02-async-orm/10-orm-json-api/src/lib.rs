//! A small JSON API over the blog: `GET /articles` (paginated, filtered by author),
//! `GET /articles/{slug}` and `POST /articles`. Bad input is answered as JSON and writes
//! nothing; input that looks like SQL is stored or rejected as data, never run.

mod article;
mod error;
pub mod store;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Json, Router, routing::get};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

pub use article::{Article, NewArticle};
pub use error::{ApiError, ErrorBody};

/// The most articles one page may hold.
pub const MAX_PER_PAGE: u32 = 50;

pub fn app(pool: AnyPool) -> Router {
    Router::new()
        .route("/articles", get(list).post(create))
        .route("/articles/{slug}", get(detail))
        .with_state(pool)
}

/// `?page=2&per_page=10&author=ada`, every part optional.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub author: Option<String>,
}

/// One page of a list, and where it is in the whole.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

// ANCHOR: list
async fn list(
    State(pool): State<AnyPool>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Page<Article>>, ApiError> {
    let Query(query) = query?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(10);
    if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::BadRequest(format!(
            "`page` starts at 1 and `per_page` is 1 to {MAX_PER_PAGE}"
        )));
    }
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (items, total) =
        store::list_articles(&pool, query.author.as_deref(), per_page.into(), offset).await?;
    Ok(Json(Page {
        items,
        page,
        per_page,
        total,
    }))
}
// ANCHOR_END: list

async fn detail(
    State(pool): State<AnyPool>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    store::find_article(&pool, &slug)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no article has the slug `{slug}`")))
}

// ANCHOR: create
async fn create(
    State(pool): State<AnyPool>,
    body: Result<Json<NewArticle>, JsonRejection>,
) -> Result<(StatusCode, Json<Article>), ApiError> {
    let Json(new) = body?;
    // Every check before the first write: a rejected request changes nothing.
    new.validate().map_err(ApiError::Invalid)?;
    let article = store::insert_article(&pool, &new).await?;
    Ok((StatusCode::CREATED, Json(article)))
}
// ANCHOR_END: create
