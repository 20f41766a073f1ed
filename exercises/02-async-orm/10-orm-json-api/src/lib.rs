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

async fn list(
    State(pool): State<AnyPool>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Page<Article>>, ApiError> {
    // TODO: read the query (a rejection is a 400: `query?` does it through `From`), default
    // `page` to 1 and `per_page` to 10, answer a 400 for page 0 or a per_page outside
    // 1..=MAX_PER_PAGE, and answer one page from `store::list_articles`.
    todo!(
        "list a page of at most {MAX_PER_PAGE} from {query:?} (pool of {})",
        pool.size()
    )
}

async fn detail(
    State(pool): State<AnyPool>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    store::find_article(&pool, &slug)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no article has the slug `{slug}`")))
}

async fn create(
    State(pool): State<AnyPool>,
    body: Result<Json<NewArticle>, JsonRejection>,
) -> Result<(StatusCode, Json<Article>), ApiError> {
    // TODO: read the body (a rejection is a 400), validate it (an error is a 422,
    // `ApiError::Invalid`), store it with `store::insert_article` (a taken slug is a 409,
    // through `From<sqlx::Error>`), and answer 201 Created with the stored article.
    // A request that is answered 4xx must not have written anything.
    todo!("create an article from {body:?} (pool of {})", pool.size())
}
