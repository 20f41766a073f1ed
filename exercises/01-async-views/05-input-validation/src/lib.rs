//! `POST /articles` with a JSON body. Every way the input can be wrong has its own status and
//! a JSON error, and a rejected request stores nothing.
//!
//! | input                          | status | `error`                  |
//! |--------------------------------|--------|--------------------------|
//! | not JSON                       | 400    | `malformed_json`         |
//! | a field missing or wrong type  | 422    | `invalid_field`          |
//! | a blank or too long title      | 422    | `validation_failed`      |
//! | a body over [`BODY_LIMIT`]     | 413    | `payload_too_large`      |
//! | not `application/json`         | 415    | `unsupported_media_type` |

mod articles;
mod error;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::{Json, Router, routing::get};

pub use articles::{Article, ArticleStore, MAX_TITLE_CHARS, NewArticle};
pub use error::{ApiError, ErrorBody};

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 8 * 1024;

#[derive(Clone, Default)]
pub struct AppState {
    pub store: ArticleStore,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/articles", get(list_articles).post(create_article))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn list_articles(State(state): State<AppState>) -> Json<Vec<Article>> {
    Json(state.store.all())
}

/// `POST /articles`.
async fn create_article(
    State(state): State<AppState>,
    Json(new): Json<NewArticle>,
) -> Result<(StatusCode, [(header::HeaderName, String); 1], Json<Article>), ApiError> {
    // TODO: validate `new` (`NewArticle::validate`), store it, and answer 201 Created with a
    // `Location: /articles/{id}` header and the stored article as JSON.
    //
    // TODO: bad input must be a JSON error from the table above, not axum's plain-text
    // rejection: take the body as `Result<Json<NewArticle>, JsonRejection>` and convert the
    // rejection with the `From` impl in src/error.rs. Nothing may be stored on any error.
    todo!("store {new:?} in {} articles", state.store.all().len())
}
