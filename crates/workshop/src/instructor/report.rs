//! `cargo workshop report --format json|junit`: a learner's progress, for an instructor who
//! collects a class's reports. JSON for scripts; JUnit XML because every CI server and many
//! dashboards read it (each exercise is a test case; time-to-pass is its time).
//!
//! `--check` is for CI on a learner's fork (`.github/workflows/workshop-progress.yml`): a
//! fresh clone has no progress file (it is ignored by git), so it first checks every exercise
//! the learner has started and records each verdict, and the report says what passes in the
//! pushed code. Attempts and time to pass then count CI's checks, not the learner's.

use std::fmt::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::clock;
use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::shipped::{self, Manifest};
use crate::tamper;
use crate::testrun::Limits;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Junit,
}

impl Format {
    pub fn parse(name: &str) -> Result<Format> {
        match name {
            "json" => Ok(Format::Json),
            "junit" | "xml" => Ok(Format::Junit),
            other => bail!("unknown report format `{other}`: use `json` or `junit`"),
        }
    }
}

#[derive(Serialize)]
struct Report {
    course: String,
    learner: String,
    generated_at: String,
    summary: Summary,
    exercises: Vec<Entry>,
}

#[derive(Serialize, Default)]
struct Summary {
    total: usize,
    passed: usize,
    failing: usize,
    not_started: usize,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    chapter: String,
    title: String,
    /// `passed`, `failing` or `not-started`.
    status: &'static str,
    attempts: u32,
    hints_shown: usize,
    last_failure: Option<String>,
    first_attempt_at: Option<String>,
    passed_at: Option<String>,
    /// Seconds from the first check to the first pass.
    time_to_pass_seconds: Option<u64>,
}

fn build(course: &Course, progress: &Progress, learner: &str, now: u64) -> Report {
    let mut summary = Summary::default();
    let mut exercises = Vec::new();
    for chapter in &course.chapters {
        for exercise in &chapter.exercises {
            let state = progress.get(&exercise.id);
            let status = match state {
                Some(p) if p.passed => "passed",
                Some(p) if p.attempts > 0 => "failing",
                _ => "not-started",
            };
            summary.total += 1;
            match status {
                "passed" => summary.passed += 1,
                "failing" => summary.failing += 1,
                _ => summary.not_started += 1,
            }
            exercises.push(Entry {
                id: exercise.id.clone(),
                chapter: chapter.title.clone(),
                title: exercise.title.clone(),
                status,
                attempts: state.map_or(0, |p| p.attempts),
                hints_shown: state.map_or(0, |p| p.hints_shown),
                last_failure: state
                    .filter(|p| !p.passed)
                    .and_then(|p| p.last_failure.clone()),
                first_attempt_at: state.and_then(|p| p.first_attempt_at).map(clock::iso8601),
                passed_at: state.and_then(|p| p.passed_at).map(clock::iso8601),
                time_to_pass_seconds: state
                    .and_then(|p| Some(p.passed_at?.saturating_sub(p.first_attempt_at?))),
            });
        }
    }
    Report {
        course: course.title.clone(),
        learner: learner.to_owned(),
        generated_at: clock::iso8601(now),
        summary,
        exercises,
    }
}

/// The report as text in `format`.
pub fn render(
    course: &Course,
    progress: &Progress,
    learner: &str,
    format: Format,
) -> Result<String> {
    let report = build(course, progress, learner, clock::now());
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(&report)? + "\n"),
        Format::Junit => Ok(junit(&report)),
    }
}

/// `report --check`: checks each exercise the learner has started, in reading order, and
/// records its verdict as `check` would. One line per exercise goes to stderr, so stdout
/// stays the report.
pub fn check_started(course: &Course, progress: &mut Progress, limits: Limits) -> Result<()> {
    let manifest = Manifest::load(&course.root);
    for exercise in course.exercises() {
        if progress.get(&exercise.id).is_none() && !edited(course, exercise, manifest.as_ref()) {
            continue;
        }
        let (verdict, changes) = crate::checked::check(course, exercise, limits)?;
        let failure = tamper::failure_line(&verdict, &changes);
        match &failure {
            None => eprintln!("passed  {}", exercise.id),
            Some(line) => eprintln!("failing {}: {line}", exercise.id),
        }
        progress.record(&exercise.id, failure.as_deref());
    }
    progress.save()
}

/// Whether the learner changed any file of the exercise's stub (or added or removed one).
/// Without a manifest every exercise counts as started: checking too much beats missing work.
fn edited(course: &Course, exercise: &Exercise, manifest: Option<&Manifest>) -> bool {
    let Some(manifest) = manifest else {
        return true;
    };
    let dir = exercise.dir.to_string_lossy().replace('\\', "/");
    let Ok(files) = shipped::files_under(&course.root, &dir) else {
        return true;
    };
    let shipped: Vec<(&String, &String)> = manifest.under(&dir).collect();
    files.len() != shipped.len()
        || files.iter().any(|file| {
            let now = shipped::hash_file(&course.root.join(file)).ok();
            manifest.files.get(file) != now.as_ref()
        })
}

fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let s = &report.summary;
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" timestamp=\"{}\">",
        xml(&report.course),
        s.total,
        s.failing,
        s.not_started,
        xml(&report.generated_at)
    );
    let mut chapters: Vec<&str> = report
        .exercises
        .iter()
        .map(|e| e.chapter.as_str())
        .collect();
    chapters.dedup();
    for chapter in chapters {
        let entries: Vec<&Entry> = report
            .exercises
            .iter()
            .filter(|e| e.chapter == chapter)
            .collect();
        let count = |status: &str| entries.iter().filter(|e| e.status == status).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            xml(chapter),
            entries.len(),
            count("failing"),
            count("not-started")
        );
        let _ = writeln!(
            out,
            "    <properties><property name=\"learner\" value=\"{}\"/></properties>",
            xml(&report.learner)
        );
        for entry in entries {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
                xml(chapter),
                xml(&entry.id),
                entry.time_to_pass_seconds.unwrap_or(0)
            );
            let details = format!(
                "attempts: {}, hints shown: {}",
                entry.attempts, entry.hints_shown
            );
            match entry.status {
                "passed" => {
                    let _ = writeln!(
                        out,
                        ">\n      <system-out>{}</system-out>\n    </testcase>",
                        xml(&details)
                    );
                }
                "failing" => {
                    let message = entry.last_failure.as_deref().unwrap_or("failing");
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                        xml(message),
                        xml(&format!("{message}\n{details}"))
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"not started\"/>\n    </testcase>"
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text safe inside an XML attribute or element: the five special characters escaped, and
/// characters XML 1.0 forbids (terminal escape codes in a failure message) dropped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Who the report is about: `--learner`, else git's `user.name`, else the login name.
pub fn default_learner(root: &std::path::Path) -> String {
    let from_git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|name| !name.is_empty());
    from_git
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml("a < b && \"c\" > 'd'\x1b[31m"),
            "a &lt; b &amp;&amp; &quot;c&quot; &gt; &apos;d&apos;[31m"
        );
        assert_eq!(xml("line\nnext\ttab"), "line\nnext\ttab");
    }
}
