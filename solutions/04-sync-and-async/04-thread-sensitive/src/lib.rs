//! `GET` and `POST /words/{word}`: word counts kept by a dictionary that must stay on one
//! thread, reached by every request through a channel to its owner thread.

mod error;
mod legacy;
mod owner;

use axum::extract::{Path, State};
use axum::{Json, Router, debug_handler, routing::get};
use serde::Serialize;

pub use error::{ApiError, ErrorBody};
pub use legacy::{Dictionary, DictionaryConfig, ThreadLog};
pub use owner::{Command, DictionaryHandle, OwnerGone};

// ANCHOR: app
pub fn app(dictionary: DictionaryHandle) -> Router {
    Router::new()
        .route("/words/{word}", get(word_count).post(add_word))
        .with_state(dictionary)
}
// ANCHOR_END: app

#[derive(Debug, Serialize)]
pub struct WordCount {
    pub word: String,
    pub count: u64,
}

// ANCHOR: handlers
#[debug_handler]
async fn word_count(
    State(dictionary): State<DictionaryHandle>,
    Path(word): Path<String>,
) -> Result<Json<WordCount>, ApiError> {
    let count = dictionary.count(word.clone()).await?;
    Ok(Json(WordCount { word, count }))
}

#[debug_handler]
async fn add_word(
    State(dictionary): State<DictionaryHandle>,
    Path(word): Path<String>,
) -> Result<Json<WordCount>, ApiError> {
    let count = dictionary.add(word.clone()).await?;
    Ok(Json(WordCount { word, count }))
}
// ANCHOR_END: handlers
