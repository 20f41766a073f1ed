//! The blocking pitfall, on a PDF renderer: `GET /articles/{slug}/pdf` serves a synchronous
//! legacy renderer that holds its thread while the print service works. The wrong handler
//! calls it on the async thread; the right one gives it a thread of the blocking pool.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Router, routing::get};

// ANCHOR: renderer
/// The legacy renderer: synchronous, and slow.
#[derive(Clone)]
pub struct PdfRenderer {
    /// Waits for the print service, holding the
    /// calling thread (tests swap in a barrier).
    printer: Arc<dyn Fn() + Send + Sync>,
}

impl PdfRenderer {
    pub fn new(latency: Duration) -> Self {
        Self::with_printer(move || std::thread::sleep(latency))
    }

    pub fn render(&self, slug: &str) -> Vec<u8> {
        (self.printer)();
        format!("%PDF-1.7 {slug}").into_bytes()
    }
}
// ANCHOR_END: renderer

impl PdfRenderer {
    pub fn with_printer(
        printer: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self {
            printer: Arc::new(printer),
        }
    }
}

// ANCHOR: blocking
// WRONG: `render` holds the runtime's thread for the
// printer's whole latency; every task on it waits.
async fn article_pdf_blocking(
    State(pdfs): State<PdfRenderer>,
    Path(slug): Path<String>,
) -> Vec<u8> {
    pdfs.render(&slug)
}
// ANCHOR_END: blocking

// ANCHOR: article_pdf
async fn article_pdf(
    State(pdfs): State<PdfRenderer>,
    Path(slug): Path<String>,
) -> Result<Vec<u8>, StatusCode> {
    // A blocking-pool thread waits for the printer;
    // this task sleeps at the .await meanwhile.
    let render = move || pdfs.render(&slug);
    tokio::task::spawn_blocking(render)
        .await
        // Err: the renderer panicked.
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}
// ANCHOR_END: article_pdf

pub fn app(pdfs: PdfRenderer) -> Router {
    Router::new()
        .route("/articles/{slug}/pdf", get(article_pdf))
        .route(
            "/wrong/articles/{slug}/pdf",
            get(article_pdf_blocking),
        )
        .with_state(pdfs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use testkit::TestClient;
    use testkit::blocking::{Rendezvous, watch};

    #[tokio::test]
    async fn the_blocking_handler_stalls_the_runtime() {
        let client = TestClient::new(app(PdfRenderer::new(
            Duration::from_millis(400),
        )));
        let (response, pulse) = watch(
            client
                .get("/wrong/articles/async-views/pdf")
                .into_future(),
        )
        .await;
        assert_eq!(response.text(), "%PDF-1.7 async-views");
        assert!(pulse.blocked(), "{:?}", pulse);
    }

    #[tokio::test]
    async fn spawn_blocking_keeps_the_runtime_free() {
        let client = TestClient::new(app(PdfRenderer::new(
            Duration::from_millis(400),
        )));
        let (response, pulse) = watch(
            client
                .get("/articles/async-views/pdf")
                .into_future(),
        )
        .await;
        assert_eq!(response.text(), "%PDF-1.7 async-views");
        pulse.assert_not_blocked(
            "GET /articles/async-views/pdf",
        );
    }

    #[tokio::test]
    async fn two_renders_run_side_by_side() {
        let printer =
            Rendezvous::new(2, Duration::from_secs(5));
        let waits = printer.clone();
        let pdfs = PdfRenderer::with_printer(move || {
            waits.wait();
        });
        let client = TestClient::new(app(pdfs));
        let path = "/articles/tokio-tasks/pdf";
        let (a, b) =
            tokio::join!(client.get(path), client.get(path));
        assert_eq!(a.text(), b.text());
        assert!(
            printer.opened(),
            "the two renders never overlapped"
        );
    }
}
