//! Stage 5: `GET /articles/{slug}/export`, a plain-text rendering of an article. Rendering is
//! synchronous, CPU-bound work (and in a real service it would be a PDF library): it runs on
//! tokio's blocking-thread pool, never on a runtime worker.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::Response;

use crate::articles::{Article, not_found};
use crate::{ApiError, AppState, queries};

/// Renders an article into a document. Synchronous: it may block or compute for a while.
pub type Renderer = Arc<dyn Fn(&Article) -> String + Send + Sync>;

/// The width of an exported page, in characters.
pub const PAGE_WIDTH: usize = 60;

pub async fn export(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    // TODO: fetch the article `slug` (a JSON 404 if there is none), render it with
    // `state.renderer` *off the runtime*: rendering is synchronous work that may take a while,
    // and the runtime's threads must stay free. Answer the document as
    // `text/plain; charset=utf-8`. If rendering fails, answer
    // `ApiError::Internal("rendering the export failed")`.
    let _ = (queries::article, not_found, header::CONTENT_TYPE);
    todo!(
        "export `{slug}` with {} renderer(s)",
        Arc::strong_count(&state.renderer)
    )
}

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
