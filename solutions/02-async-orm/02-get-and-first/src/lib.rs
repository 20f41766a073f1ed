//! Getting one row: `GET /articles/{slug}` and `GET /authors/{author}/article` answer exactly
//! one article, a JSON 404 when there is none and a JSON 500 when there are several; and
//! `GET /first-published` answers the first published article, or `null`.

mod article;
mod error;
mod queries;

use axum::extract::{Path, State};
use axum::{Json, Router, routing::get};
use sqlx::AnyPool;

pub use article::Article;
pub use error::{ErrorBody, GetError};
pub use queries::{first_published, get_article, get_article_by_author};

// ANCHOR: app
/// The pool is the whole state: it is cheap to clone (an `Arc` inside), and every handler
/// borrows a connection from it for the length of one query.
pub fn app(pool: AnyPool) -> Router {
    Router::new()
        .route("/articles/{slug}", get(article_detail))
        .route("/authors/{author}/article", get(article_of_author))
        .route("/first-published", get(first_published_view))
        .with_state(pool)
}
// ANCHOR_END: app

async fn article_detail(
    State(pool): State<AnyPool>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, GetError> {
    Ok(Json(get_article(&pool, &slug).await?))
}

async fn article_of_author(
    State(pool): State<AnyPool>,
    Path(author): Path<String>,
) -> Result<Json<Article>, GetError> {
    Ok(Json(get_article_by_author(&pool, &author).await?))
}

/// `null` when nothing is published: "no first article" is an answer, not an error.
async fn first_published_view(
    State(pool): State<AnyPool>,
) -> Result<Json<Option<Article>>, GetError> {
    Ok(Json(first_published(&pool).await?))
}
