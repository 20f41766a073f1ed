//! The book as files: its pages, the order SUMMARY.md gives them, and building it with the
//! mdBook library (the runner's `book` and `verify`, and the browser test, build it alike).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mdbook_driver::MDBook;

/// Renders the book from `root/book` into `out`.
pub fn build(root: &Path, out: &Path) -> Result<()> {
    let mut book =
        MDBook::load(root.join("book")).map_err(|e| anyhow::anyhow!("loading the book: {e:#}"))?;
    book.config.build.build_dir = out.to_path_buf();
    book.build()
        .map_err(|e| anyhow::anyhow!("building the book: {e:#}"))
}

/// All Markdown pages under `src` (the book's `book/src`), relative to it.
pub fn pages(src: &Path) -> Result<Vec<PathBuf>> {
    crate::walk::files_with_extension(src, "md")
        .with_context(|| format!("reading {}", src.display()))
}

/// The pages SUMMARY.md links to, in order, relative to `src`.
pub fn summary_pages(src: &Path) -> Result<Vec<PathBuf>> {
    let summary = fs::read_to_string(src.join("SUMMARY.md")).context("reading SUMMARY.md")?;
    Ok(markdown_links(&summary)
        .into_iter()
        .filter(|target| target.ends_with(".md"))
        .map(PathBuf::from)
        .collect())
}

/// The targets of inline Markdown links `[text](target)` in `text`, fragments removed.
pub fn markdown_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find(')') {
            let target = rest[..end].split('#').next().unwrap_or("").trim();
            if !target.is_empty() {
                links.push(target.to_owned());
            }
            rest = &rest[end..];
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lose_their_fragment() {
        assert_eq!(
            markdown_links("- [A](a.md)\n- [B](dir/b.md#part) and [web](https://x)"),
            ["a.md", "dir/b.md", "https://x"]
        );
    }
}
