//! The book as files: its pages, the order SUMMARY.md gives them, and building it with the
//! mdBook library (the runner's `book` and `verify`, and the browser test, build it alike).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_summary::SummaryItem;

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

/// The pages SUMMARY.md links to, in order, relative to `book/src`: as mdBook itself reads
/// SUMMARY.md (its own parser, already compiled for the book's build), so what verify checks is
/// what the book shows. Draft chapters (no file yet) are left out.
pub fn summary_pages(src: &Path) -> Result<Vec<PathBuf>> {
    let text = fs::read_to_string(src.join("SUMMARY.md")).context("reading SUMMARY.md")?;
    let summary = mdbook_summary::parse_summary(&text)
        .map_err(|e| anyhow::anyhow!("parsing SUMMARY.md: {e:#}"))?;
    let mut pages = Vec::new();
    let mut pending: Vec<&SummaryItem> = summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
        .rev()
        .collect();
    // Depth first, in the order SUMMARY.md lists them.
    while let Some(item) = pending.pop() {
        if let SummaryItem::Link(link) = item {
            pages.extend(link.location.clone());
            pending.extend(link.nested_items.iter().rev());
        }
    }
    Ok(pages)
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

    #[test]
    fn summary_pages_come_in_order_with_nested_ones_and_without_drafts() {
        let src = std::env::temp_dir().join(format!("workshop-summary-{}", std::process::id()));
        fs::create_dir_all(&src).unwrap();
        fs::write(
            src.join("SUMMARY.md"),
            "# Summary\n\n[Intro](intro.md)\n\n# Part\n\n- [A](a.md)\n  - [B](dir/b.md)\n\
             - [Draft]()\n- [C](c.md)\n",
        )
        .unwrap();
        let pages = summary_pages(&src);
        fs::remove_dir_all(&src).unwrap();
        let pages = pages.expect("SUMMARY.md parses");
        assert_eq!(
            pages,
            ["intro.md", "a.md", "dir/b.md", "c.md"].map(PathBuf::from)
        );
    }
}
