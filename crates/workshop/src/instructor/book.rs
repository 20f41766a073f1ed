//! The book: building it with the mdBook library, and the checks that keep it honest.
//!
//! Every Rust listing in the book must come from compiled code through `{{#include}}`, so the
//! checks here make sure each include resolves (file and anchor), that no page carries an
//! inline Rust listing, and that every internal link of the rendered book lands somewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

// The book's files and its build are shared with the browser test (`course-model`).
pub use course_model::book::{build, pages, summary_pages};

/// Problems with the `{{#include}}` directives and Rust listings of one page.
pub fn check_listings(src: &Path, page: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(src.join(page))?;
    let page_dir = src
        .join(page)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut problems = Vec::new();
    for (line_number, directive) in include_directives(&text) {
        if let Err(problem) = resolve_include(&page_dir, &directive) {
            problems.push(format!(
                "book/src/{}:{line_number}: {problem}",
                page.display()
            ));
        }
    }
    for (line_number, language) in typed_listings(&text) {
        let home = match language {
            Listing::Rust => "compiled code",
            Listing::Python => "the Django twin in book/django",
        };
        problems.push(format!(
            "book/src/{}:{line_number}: a {language} listing typed into the page; include it \
             from {home} with {{{{#include path:anchor}}}} instead",
            page.display()
        ));
    }
    problems.extend(solution_code_before_the_reveal(&text, &page_dir, page));
    Ok(problems)
}

/// Includes of `solutions/` code outside the page's solution reveal that the exercise's own
/// copy of the file does not contain: code the learner is asked to write, handed over before
/// they try. Provided code (the same in stub and solution) may be shown anywhere.
fn solution_code_before_the_reveal(text: &str, page_dir: &Path, page: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut in_reveal = false;
    for (index, line) in text.lines().enumerate() {
        if line.contains("<details") {
            in_reveal = true;
        }
        if !in_reveal {
            for (_, argument) in include_directives(line) {
                if let Some(problem) = spoiler(page_dir, &argument) {
                    problems.push(format!(
                        "book/src/{}:{}: {problem}",
                        page.display(),
                        index + 1
                    ));
                }
            }
        }
        if line.contains("</details>") {
            in_reveal = false;
        }
    }
    problems
}

/// Why including `argument` before the reveal gives the answer away, if it does.
fn spoiler(page_dir: &Path, argument: &str) -> Option<String> {
    let (file, selector) = match argument.split_once(':') {
        Some((file, selector)) => (file, Some(selector)),
        None => (argument, None),
    };
    let path = normalize(&page_dir.join(file));
    let components: Vec<_> = path.components().collect();
    let at = components
        .iter()
        .rposition(|c| c.as_os_str() == "solutions")?;
    let mut stub = PathBuf::new();
    for (i, component) in components.iter().enumerate() {
        stub.push(if i == at {
            Component::Normal("exercises".as_ref())
        } else {
            *component
        });
    }
    let shown = code_lines(&region(&fs::read_to_string(&path).ok()?, selector)?);
    let stub_text = fs::read_to_string(&stub).unwrap_or_default();
    let provided = code_lines(&stub_text.lines().collect::<Vec<_>>());
    let contained = shown.is_empty()
        || provided
            .windows(shown.len())
            .any(|window| window == shown.as_slice());
    (!contained).then(|| {
        format!(
            "`{argument}` shows solution code the exercise's stub does not contain, before \
             the solution reveal; teach on a worked example (crates/book-examples) and show \
             this only inside <details class=\"solution\">"
        )
    })
}

/// The lines an include selects: the whole file, a line range, or an anchor's region (other
/// anchors' marker lines left out, as mdBook does).
fn region(text: &str, selector: Option<&str>) -> Option<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let selected: Vec<&str> = match selector {
        None => lines,
        Some(range) if range.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            let mut bounds = range.split(':').map(|n| n.parse::<usize>().ok());
            let from = bounds.next().flatten().unwrap_or(1).max(1);
            let to = match bounds.next() {
                Some(to) => to.unwrap_or(lines.len()),
                None => from,
            };
            lines.get(from - 1..to.min(lines.len()))?.to_vec()
        }
        Some(anchor) => {
            let start = lines.iter().position(|l| marks(l, "ANCHOR:", anchor))?;
            let end = lines[start..]
                .iter()
                .position(|l| marks(l, "ANCHOR_END:", anchor))?;
            lines[start + 1..start + end].to_vec()
        }
    };
    Some(
        selected
            .into_iter()
            .filter(|line| !line.contains("ANCHOR"))
            .map(str::to_owned)
            .collect(),
    )
}

/// Whether `line` is the `marker` (`ANCHOR:` or `ANCHOR_END:`) line of `anchor`.
fn marks(line: &str, marker: &str, anchor: &str) -> bool {
    line.split(marker)
        .nth(1)
        .is_some_and(|rest| rest.trim() == anchor)
}

/// The lines that carry code: no blank lines, no comments, no indentation.
fn code_lines<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    lines
        .iter()
        .map(|line| line.as_ref().trim())
        .filter(|line| !line.is_empty() && !line.starts_with("//") && !line.starts_with("#[doc"))
        .map(str::to_owned)
        .collect()
}

/// `(line number, "path:anchor")` for every `{{#include ...}}` and `{{#rustdoc_include ...}}`.
fn include_directives(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            rest = &rest[start + 3..];
            let Some(end) = rest.find("}}") else { break };
            let directive = &rest[..end];
            for keyword in ["include ", "rustdoc_include "] {
                if let Some(argument) = directive.strip_prefix(keyword) {
                    found.push((index + 1, argument.trim().to_owned()));
                }
            }
            rest = &rest[end..];
        }
    }
    found
}

/// Checks that `path[:anchor | :from:to]` names an existing file and, if given, an anchor in it
/// (both `ANCHOR: name` and `ANCHOR_END: name`) or a line range inside it.
fn resolve_include(page_dir: &Path, argument: &str) -> Result<(), String> {
    let mut parts = argument.splitn(2, ':');
    let file = parts.next().unwrap_or("");
    let selector = parts.next();
    let path = normalize(&page_dir.join(file));
    let text =
        fs::read_to_string(&path).map_err(|_| format!("included file `{file}` does not exist"))?;
    match selector {
        None => Ok(()),
        Some(selector) if selector.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            let line_count = text.lines().count();
            let too_far = selector
                .split(':')
                .filter_map(|n| n.parse::<usize>().ok())
                .any(|n| n > line_count);
            if too_far {
                Err(format!(
                    "`{file}` has only {line_count} lines, `{argument}` asks for more"
                ))
            } else {
                Ok(())
            }
        }
        Some(anchor) => {
            let has = |marker: &str| text.lines().any(|line| marks(line, marker, anchor));
            match (has("ANCHOR:"), has("ANCHOR_END:")) {
                (true, true) => Ok(()),
                (false, _) => Err(format!("`{file}` has no `ANCHOR: {anchor}`")),
                (true, false) => Err(format!("`{file}` has no `ANCHOR_END: {anchor}`")),
            }
        }
    }
}

/// The languages whose listings must come from tested code, never typed into a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Rust,
    Python,
}

impl std::fmt::Display for Listing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Listing::Rust => "Rust",
            Listing::Python => "Python",
        })
    }
}

/// Fenced Rust and Python code blocks whose content is not only include directives, with the
/// line of their opening fence. The blocks are found by pulldown-cmark, the Markdown parser
/// mdBook renders with (already compiled for `book`), so a block counts exactly when the
/// reader sees one.
fn typed_listings(text: &str) -> Vec<(usize, Listing)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut found = Vec::new();
    let mut open: Option<(usize, Listing, bool)> = None; // (line, language, only_includes)
    for (event, span) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let language = match info.split([',', ' ']).next().unwrap_or("") {
                    "rust" => Some(Listing::Rust),
                    "python" | "py" => Some(Listing::Python),
                    _ => None,
                };
                let line = text[..span.start].matches('\n').count() + 1;
                open = language.map(|language| (line, language, true));
            }
            Event::Text(code) => {
                if let Some((_, _, only_includes)) = open.as_mut() {
                    *only_includes &= code.lines().map(str::trim).all(|line| {
                        line.is_empty()
                            || line.starts_with("{{#include ")
                            || line.starts_with("{{#rustdoc_include ")
                    });
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, language, false)) = open.take() {
                    found.push((line, language));
                }
            }
            _ => {}
        }
    }
    found
}

/// Lexically resolves `.` and `..`, without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Internal links of the rendered book (`out`) that point at a missing page or anchor.
pub fn broken_links(out: &Path) -> Result<Vec<String>> {
    let pages = course_model::walk::files_with_extension(out, "html")?;
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut texts = Vec::new();
    for page in &pages {
        let text = fs::read_to_string(out.join(page))?;
        ids.insert(page.clone(), attribute_values(&text, "id"));
        texts.push((page, text));
    }
    let mut broken = Vec::new();
    for (page, text) in texts {
        let source = Path::new("book/src").join(page.with_extension("md"));
        let source = source.display();
        // print.html stitches every page together and rewrites links; the pages themselves
        // are what a reader follows.
        if page == Path::new("print.html") || page == Path::new("404.html") {
            continue;
        }
        for href in attribute_values(&text, "href") {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
                continue;
            }
            let (file, fragment) = match href.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (href.as_str(), None),
            };
            let target = if file.is_empty() {
                page.to_path_buf()
            } else {
                let base = page.parent().unwrap_or(Path::new(""));
                normalize(&base.join(file))
            };
            if target.extension().is_none_or(|e| e != "html") {
                if !out.join(&target).exists() {
                    broken.push(format!("{source}: link to missing file `{href}`"));
                }
                continue;
            }
            match (ids.get(&target), fragment) {
                (None, _) => broken.push(format!("{source}: link to missing page `{href}`")),
                (Some(targets), Some(fragment))
                    if !fragment.is_empty() && !targets.contains(fragment) =>
                {
                    broken.push(format!("{source}: link to missing anchor `{href}`"));
                }
                _ => {}
            }
        }
    }
    Ok(broken)
}

/// Every value of `name="..."` attributes in an HTML text.
fn attribute_values(html: &str, name: &str) -> BTreeSet<String> {
    let needle = format!(" {name}=\"");
    let mut values = BTreeSet::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        rest = &rest[start + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.insert(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_include_directives() {
        let text =
            "a\n```rust\n{{#include ../../solutions/x/src/lib.rs:app}}\n```\nb {{#include y.rs}}";
        assert_eq!(
            include_directives(text),
            [
                (3, "../../solutions/x/src/lib.rs:app".to_owned()),
                (5, "y.rs".to_owned())
            ]
        );
    }

    #[test]
    fn rust_and_python_listings_must_be_includes() {
        let text = "```rust\n{{#include a.rs:x}}\n```\n\n```python\nprint()\n```\n```rust,ignore\nfn main() {}\n```\n```python\n{{#include ../../django/a.py:x}}\n```\n```sh\ncargo test\n```\n";
        assert_eq!(
            typed_listings(text),
            [(5, Listing::Python), (8, Listing::Rust)]
        );
    }

    #[test]
    fn solution_code_before_the_reveal_is_refused_and_provided_code_is_not() {
        let root = std::env::temp_dir().join(format!("workshop-spoiler-{}", std::process::id()));
        let solution = root.join("solutions/01-c/01-x/src");
        let stub = root.join("exercises/01-c/01-x/src");
        let pages = root.join("book/src/01-c");
        for dir in [&solution, &stub, &pages] {
            fs::create_dir_all(dir).unwrap();
        }
        let model = "// ANCHOR: model\npub struct Event;\n// ANCHOR_END: model\n";
        fs::write(
            solution.join("lib.rs"),
            format!(
                "{model}// ANCHOR: answer\npub fn answer() -> u8 {{ 42 }}\n// ANCHOR_END: answer\n"
            ),
        )
        .unwrap();
        fs::write(
            stub.join("lib.rs"),
            format!("{model}pub fn answer() -> u8 {{ todo!() }}\n"),
        )
        .unwrap();
        let include = |anchor: &str| {
            format!(
                "```rust\n{{{{#include ../../../solutions/01-c/01-x/src/lib.rs:{anchor}}}}}\n```\n"
            )
        };
        let page = format!(
            "{}{}<details class=\"solution\">\n{}</details>\n",
            include("model"),
            include("answer"),
            include("answer")
        );
        let problems = solution_code_before_the_reveal(&page, &pages, Path::new("01-c/x.md"));
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("book/src/01-c/x.md:5: "),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("lib.rs:answer"), "{}", problems[0]);
    }

    #[test]
    fn normalizes_parent_components() {
        assert_eq!(
            normalize(Path::new("a/b/../c/./d.md")),
            PathBuf::from("a/c/d.md")
        );
    }
}
