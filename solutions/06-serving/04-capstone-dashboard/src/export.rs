//! Stage 5: `GET /articles/{slug}/export`, a plain-text rendering of an article. Rendering is
//! synchronous, CPU-bound work (and in a real service it would be a PDF library): it runs on
//! tokio's blocking-thread pool, never on a runtime worker.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::articles::{Article, not_found};
use crate::{ApiError, AppState, queries};

/// Renders an article into a document. Synchronous: it may block or compute for a while.
pub type Renderer = Arc<dyn Fn(&Article) -> String + Send + Sync>;

/// The width of an exported page, in characters.
pub const PAGE_WIDTH: usize = 60;

// ANCHOR: export
pub async fn export(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let article = queries::article(&state.db, &slug)
        .await?
        .ok_or_else(|| not_found(&slug))?;
    let render = Arc::clone(&state.renderer);
    // Django's `sync_to_async(render)(article)`: the runtime's threads stay free meanwhile.
    let document = tokio::task::spawn_blocking(move || render(&article))
        .await
        .map_err(|_| ApiError::Internal("rendering the export failed"))?;
    let headers = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    Ok((headers, document).into_response())
}
// ANCHOR_END: export

/// The service's renderer: a title block and the body wrapped to [`PAGE_WIDTH`] columns.
pub fn plain_text(article: &Article) -> String {
    let rule = "=".repeat(PAGE_WIDTH);
    let mut page = format!(
        "{}\n{rule}\nby {} · {} views\n\n",
        article.title, article.author, article.views
    );
    let mut line = String::new();
    for word in article.body.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > PAGE_WIDTH {
            page.push_str(&line);
            page.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    page.push_str(&line);
    page.push('\n');
    page
}
