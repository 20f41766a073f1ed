//! `cargo workshop report --class DIR`: many learners' JSON reports as one class table.
//!
//! `read` finds the reports in a directory and names every file it skips; `table` builds the
//! class table and renders it as Markdown and as a self-contained HTML page with a chart of
//! where the class is stuck.

mod read;
mod table;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::clock;
use crate::course::Course;
use crate::ui;

/// Where the two files go: `--output PATH` names them PATH.md and PATH.html (an `.md` or
/// `.html` ending is dropped first); the default is `class-report` in the current directory.
pub fn output_stem(output: Option<&str>) -> String {
    let given = output.unwrap_or("class-report");
    given
        .strip_suffix(".md")
        .or_else(|| given.strip_suffix(".html"))
        .unwrap_or(given)
        .to_owned()
}

/// Reads the reports under `dir`, writes `<stem>.md` and `<stem>.html`, and prints what it
/// read and skipped. Fails only when nothing in `dir` is a report.
pub fn run(course: &Course, dir: &Path, stem: &str) -> Result<()> {
    if !dir.is_dir() {
        bail!(
            "`{}` is not a directory; put the learners' JSON reports in one and name it",
            dir.display()
        );
    }
    let found =
        read::read_dir(dir, &course.title).with_context(|| format!("reading {}", dir.display()))?;
    for skipped in &found.skipped {
        eprintln!(
            "{} skipped {}: {}",
            ui::dim("--"),
            dir.join(&skipped.file).display(),
            skipped.reason
        );
    }
    if found.reports.is_empty() {
        bail!(
            "no learner's report in {} ({} files skipped, listed above). A report is what \
             `cargo workshop report --format json` writes.",
            dir.display(),
            found.skipped.len()
        );
    }
    let order: Vec<String> = course.exercises().map(|e| e.id.clone()).collect();
    let learners = found.reports.len();
    let table = table::Table::build(
        &course.title,
        &order,
        found.reports,
        found.skipped,
        clock::iso8601(clock::now()),
    );
    let markdown = PathBuf::from(format!("{stem}.md"));
    let html = PathBuf::from(format!("{stem}.html"));
    if let Some(parent) = markdown.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(&markdown, table.markdown())
        .with_context(|| format!("writing {}", markdown.display()))?;
    fs::write(&html, table.html()).with_context(|| format!("writing {}", html.display()))?;
    println!(
        "Read {learners} learners' reports ({} files skipped).",
        table.skipped.len()
    );
    for at in table.frontier().iter().take(3) {
        let who = if at.here_now == 1 {
            "learner is"
        } else {
            "learners are"
        };
        println!("  {} {who} at {}", at.here_now, at.id);
    }
    println!("Wrote {} and {}", markdown.display(), html.display());
    Ok(())
}
