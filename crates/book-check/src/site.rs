//! The book as the browser test sees it: rendered (by `course-model`, as the runner renders
//! it), then copied with the check script injected into every page.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use course_model::walk;

/// The script injected at the top of every page; it reports through the console.
const CHECK_SCRIPT: &str = include_str!("check.js");

/// The pages SUMMARY.md lists, as paths of rendered HTML files relative to the book's root,
/// in reading order, after `index.html` (the first page, copied by mdBook) and before
/// `print.html` (every page on one).
pub fn pages(root: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = vec![PathBuf::from("index.html")];
    for page in course_model::book::summary_pages(&root.join("book/src"))? {
        pages.push(page.with_extension("html"));
    }
    pages.push(PathBuf::from("print.html"));
    Ok(pages)
}

/// A page that shows `?page=...` in a frame as wide as a phone. Headless Chromium will not
/// make a window narrower than 500 px, but a frame can be: the page inside sees a 390 px
/// viewport, and its media queries answer to that.
pub const PHONE_FRAME: &str = "phone-frame.html";

const PHONE_FRAME_HTML: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
<title>phone frame</title></head>\n<body style=\"margin:0;background:#ccc\">\
<iframe id=\"phone\" style=\"width:390px;height:844px;border:0;background:#fff\"></iframe>\
<script>document.getElementById(\"phone\").src = \
new URLSearchParams(location.search).get(\"page\");</script></body></html>\n";

/// Copies the rendered book `from` into `to`, injecting the check script into every page,
/// and adds the phone frame.
pub fn instrument(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        fs::remove_dir_all(to).with_context(|| format!("clearing {}", to.display()))?;
    }
    let mut pictures = serde_json::Map::new();
    collect_svgs(from, &mut pictures)?;
    let script = scripts(&serde_json::Value::Object(pictures));
    copy_dir(from, to, &script)?;
    fs::write(to.join(PHONE_FRAME), PHONE_FRAME_HTML)?;
    Ok(())
}

/// The `<script>`s injected into every page: the SVG sources of the book's pictures (a page
/// cannot read inside an `<img>`, and a `file://` page may not fetch its neighbours), then
/// the check.
fn scripts(pictures: &serde_json::Value) -> String {
    // `</` would end the script early.
    let json = pictures.to_string().replace("</", "<\\/");
    format!("<script>window.BOOK_CHECK_SVG = {json};</script><script>{CHECK_SCRIPT}</script>")
}

/// Every `.svg` under `dir`, keyed by its path from `dir` with `/` separators.
fn collect_svgs(dir: &Path, into: &mut serde_json::Map<String, serde_json::Value>) -> Result<()> {
    for file in walk::files_with_extension(dir, "svg")? {
        into.insert(
            walk::slashed(&file),
            fs::read_to_string(dir.join(&file))?.into(),
        );
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path, script: &str) -> Result<()> {
    fs::create_dir_all(to)?;
    for file in
        walk::files(from, |_| false).with_context(|| format!("reading {}", from.display()))?
    {
        let (source, target) = (from.join(&file), to.join(&file));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        if file.extension().is_some_and(|e| e == "html") {
            fs::write(&target, inject(&fs::read_to_string(&source)?, script))?;
        } else {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

/// Puts `script` first in `<head>`, so the check sees errors from the very start.
fn inject(html: &str, script: &str) -> String {
    match html.find("<head>") {
        Some(at) => {
            let after = at + "<head>".len();
            format!("{}{script}{}", &html[..after], &html[after..])
        }
        None => format!("{script}{html}"),
    }
}

/// The search index must exist and know every page; otherwise the search box finds nothing.
pub fn check_search_index(book: &Path, pages: &[PathBuf]) -> Result<Vec<String>> {
    let mut index = None;
    for entry in fs::read_dir(book)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("searchindex") && name.ends_with(".js") {
            index = Some(fs::read_to_string(&path)?);
        }
    }
    let Some(index) = index else {
        bail!("the rendered book has no searchindex*.js: is `[output.html.search]` enabled?");
    };
    Ok(pages
        .iter()
        .filter(|page| !matches!(page.to_str(), Some("index.html" | "print.html")))
        .filter(|page| !index.contains(&page.to_string_lossy().replace('\\', "/")))
        .map(|page| format!("{}: not in the search index", page.display()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_first_in_head() {
        let html = inject(
            "<html><head><title>x</title></head></html>",
            &scripts(&serde_json::json!({})),
        );
        assert!(html.starts_with("<html><head><script>"), "{html}");
        assert!(html.ends_with("</script><title>x</title></head></html>"));
    }

    #[test]
    fn a_picture_cannot_end_the_script() {
        let script = scripts(&serde_json::json!({ "a.svg": "<svg><text>x</text></svg>" }));
        let data = script.split("</script>").next().unwrap_or("");
        assert!(data.contains("<\\/text>"), "{data}");
        assert!(data.contains("<\\/svg>"), "{data}");
    }

    #[test]
    fn the_copy_keeps_every_file_and_instruments_every_page() {
        let base = std::env::temp_dir().join(format!("book-check-copy-{}", std::process::id()));
        let (from, to) = (base.join("from"), base.join("to"));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(from.join("01-ch/img")).expect("mkdir");
        fs::write(from.join("index.html"), "<html><head></head></html>").expect("write");
        fs::write(from.join("01-ch/page.html"), "<head></head>").expect("write");
        fs::write(from.join("01-ch/img/chart.svg"), "<svg/>").expect("write");
        instrument(&from, &to).expect("instruments");
        let page = fs::read_to_string(to.join("01-ch/page.html")).expect("copied page");
        assert!(
            page.contains("window.BOOK_CHECK_SVG = {\"01-ch/img/chart.svg\""),
            "{page}"
        );
        assert!(
            fs::read_to_string(to.join("index.html"))
                .expect("index")
                .contains("<script>")
        );
        assert_eq!(
            fs::read_to_string(to.join("01-ch/img/chart.svg")).expect("svg"),
            "<svg/>"
        );
        assert!(to.join(PHONE_FRAME).is_file());
        fs::remove_dir_all(&base).expect("clean up");
    }
}
