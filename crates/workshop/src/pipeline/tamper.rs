//! The tamper check: a pass only counts against the tests the course shipped.
//!
//! A learner who edits a test, deletes a snapshot or "fixes" the test support is told so by
//! `check`, and the pass is not recorded. The comparison is against `shipped.sha256` (see
//! [`crate::shipped`] for why a manifest and not `git diff`).

use std::fmt;
use std::path::Path;

use crate::check::Verdict;
use crate::course::{Course, Exercise};
use crate::shipped::{self, Manifest};
use crate::ui;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the course root, with `/`.
    pub path: String,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Edited,
    Deleted,
    Added,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ChangeKind::Edited => "edited",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Added => "added",
        };
        write!(f, "{} ({what})", self.path)
    }
}

/// How the files that decide whether `exercise` passes differ from what the course shipped.
/// Empty when they are as shipped, or when the course has no manifest to compare with.
pub fn changes(course: &Course, exercise: &Exercise) -> Vec<Change> {
    let Some(manifest) = Manifest::load(&course.root) else {
        return Vec::new();
    };
    changes_against(course, exercise, &manifest)
}

pub fn changes_against(course: &Course, exercise: &Exercise, manifest: &Manifest) -> Vec<Change> {
    let other_exercises: Vec<&str> = course
        .exercises()
        .filter(|e| e.id != exercise.id)
        .map(|e| e.lib_name.as_str())
        .collect();
    let lib = exercise.lib_name.as_str();
    let relevant = |path: &str| decides(path, lib, &other_exercises);

    let mut on_disk: Vec<String> = Vec::new();
    for dir in ["tests", "crates/testkit"] {
        on_disk.extend(
            shipped::files_under(&course.root, dir)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| relevant(p)),
        );
    }
    let mut changes = Vec::new();
    for (path, hash) in manifest.files.iter().filter(|(p, _)| relevant(p)) {
        let file = course.root.join(Path::new(path));
        match shipped::hash_file(&file) {
            Ok(actual) if actual == *hash => {}
            Ok(_) => changes.push(Change {
                path: path.clone(),
                kind: ChangeKind::Edited,
            }),
            Err(_) => changes.push(Change {
                path: path.clone(),
                kind: ChangeKind::Deleted,
            }),
        }
    }
    for path in on_disk {
        if !manifest.files.contains_key(&path) {
            changes.push(Change {
                path,
                kind: ChangeKind::Added,
            });
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

/// What the learner reads under the verdict when the tests were changed.
pub fn warning(course: &Course, changes: &[Change]) -> String {
    let mut out = format!(
        "\n{} the files this exercise is checked against are not the ones the course shipped:\n",
        ui::red("NOT COUNTED:")
    );
    for change in changes {
        out.push_str(&format!("    {change}\n"));
    }
    out.push_str(
        "  A pass only counts against the shipped tests (checks never write snapshots: if a \
         snapshot differs, your code's answer differs).\n",
    );
    let manifest = Manifest::load(&course.root).unwrap_or_default();
    let restore: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Added)
        .filter_map(|c| {
            manifest
                .files
                .get_key_value(&c.path)
                .map(|(path, hash)| (path.as_str(), hash.as_str()))
        })
        .collect();
    if !restore.is_empty() {
        let paths: Vec<&str> = restore.iter().map(|(path, _)| *path).collect();
        match shipped::find_commit(&course.root, &restore) {
            Some(commit) => out.push_str(&format!(
                "  Restore them with: git checkout {} -- {}\n",
                if commit == "HEAD" {
                    "HEAD"
                } else {
                    &commit[..commit.len().min(12)]
                },
                paths.join(" ")
            )),
            None => out.push_str(&format!(
                "  Restore {} from a fresh copy of the course.\n",
                paths.join(", ")
            )),
        }
    }
    let added: Vec<&str> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Added)
        .map(|c| c.path.as_str())
        .collect();
    if !added.is_empty() {
        out.push_str(&format!("  Remove what was added: {}\n", added.join(" ")));
    }
    out
}

/// The line the progress file records for a check: `None` for a pass that counts.
pub fn failure_line(verdict: &Verdict, changes: &[Change]) -> Option<String> {
    if let Some(first) = changes.first() {
        return Some(format!("the shipped tests were changed: {first}"));
    }
    (!verdict.passed()).then(|| verdict.summary())
}

/// Whether a file can change the verdict of the exercise whose test is `tests/<lib>.rs`: its
/// test file and snapshots, the test support, and shared fixtures under `tests/`, but not
/// another exercise's test file or snapshots.
fn decides(path: &str, lib: &str, others: &[&str]) -> bool {
    if path.starts_with("crates/testkit/") {
        return !path.starts_with("crates/testkit/target/");
    }
    let Some(in_tests) = path.strip_prefix("tests/") else {
        return false;
    };
    if let Some(snapshot) = in_tests.strip_prefix("snapshots/") {
        return snapshot.starts_with(&format!("{lib}__"));
    }
    match in_tests.strip_suffix(".rs") {
        Some(stem) if !stem.contains('/') => stem == lib || !others.contains(&stem),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_that_decide_the_exercise_count() {
        let others = ["list_view"];
        assert!(decides("tests/hello.rs", "hello", &others));
        assert!(decides(
            "tests/snapshots/hello__greeting.snap",
            "hello",
            &others
        ));
        assert!(decides("crates/testkit/src/client.rs", "hello", &others));
        assert!(decides("tests/fixtures/articles.json", "hello", &others));
        assert!(!decides("tests/list_view.rs", "hello", &others));
        assert!(!decides(
            "tests/snapshots/list_view__all.snap",
            "hello",
            &others
        ));
        assert!(!decides(
            "exercises/01-a/01-hello/src/lib.rs",
            "hello",
            &others
        ));
    }
}
