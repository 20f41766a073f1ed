//! Provided code: the stub files a learner does not edit are their solution's files.
//!
//! Many stubs ship models, errors and fakes that the learner only reads. Those files carry no
//! `TODO`, and they must be the solution's copy line for line: a fix made on one side only
//! means the learner's tests run against other code than the reference's. The book's anchor
//! markers (`// ANCHOR: name`) live only in the solution's copy, because a learner comparing
//! with `cargo workshop solution` would see them in their own files as differences; pages
//! include provided code from the solution's copy (the spoiler check accepts it there, since
//! the stub holds the same lines).
//!
//! `verify` reports every difference ([`drifts`]); `cargo workshop dev sync` fixes them
//! ([`sync`]) by copying the solution's file over the stub's, marker lines left out.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::course::{Course, Exercise};
use crate::reset::slash_path;
use crate::shipped;

/// The command that fixes what [`drifts`] finds.
pub const FIX: &str = "cargo workshop dev sync";

/// One stub file that is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The stub's file, relative to the course root, with `/`.
    pub stub: String,
    /// The solution's copy of it, relative to the course root, with `/`.
    pub solution: String,
    pub kind: DriftKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DriftKind {
    /// A provided file (no `TODO`) that is not the solution's copy, markers aside.
    Differs,
    /// A provided file the solution does not have: nothing to copy from.
    NoSolutionCopy,
    /// The stub's file holds anchor marker lines (with or without a `TODO`).
    Markers,
}

impl Drift {
    /// The problem, for a verify report: the file, what is wrong, and the command that fixes it.
    pub fn describe(&self) -> String {
        match self.kind {
            DriftKind::Differs => format!(
                "{}: provided code (no TODO) that differs from the solution's copy {}; run \
                 `{FIX}` to copy the solution's over it (if the stub's is the right one, copy \
                 it to the solution first)",
                self.stub, self.solution
            ),
            DriftKind::NoSolutionCopy => format!(
                "{}: provided code (no TODO) with no copy at {}; copy it there, or give the \
                 stub a `TODO` if the learner is meant to change it",
                self.stub, self.solution
            ),
            DriftKind::Markers => format!(
                "{}: anchor marker lines in a stub show up in the learner's solution diff; run \
                 `{FIX}` to remove them, and include the listing from {} instead",
                self.stub, self.solution
            ),
        }
    }
}

/// Whether `line` is an mdBook anchor marker (`// ANCHOR: name`, `// ANCHOR_END: name`, or the
/// same after `--` or `#` in SQL, TOML or Python).
pub fn is_anchor_marker(line: &str) -> bool {
    let line = line.trim_start();
    let Some(rest) = ["//", "--", "#"]
        .iter()
        .find_map(|leader| line.strip_prefix(leader))
    else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with("ANCHOR:") || rest.starts_with("ANCHOR_END:")
}

/// `text` without its anchor marker lines (and with `\n` line endings).
pub fn without_anchor_markers(text: &str) -> String {
    text.lines()
        .filter(|line| !is_anchor_marker(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Every stub file of the course that is not what it should be.
pub fn drifts(course: &Course) -> Result<Vec<Drift>> {
    let mut found = Vec::new();
    for exercise in course.exercises() {
        found.extend(exercise_drifts(course, exercise)?);
    }
    Ok(found)
}

fn exercise_drifts(course: &Course, exercise: &Exercise) -> Result<Vec<Drift>> {
    let stub_dir = slash_path(&exercise.dir);
    let solution_dir = slash_path(&exercise.solution_dir);
    let mut found = Vec::new();
    for stub in shipped::files_under(&course.root, &stub_dir)? {
        let Some(relative) = stub.strip_prefix(&format!("{stub_dir}/")) else {
            continue;
        };
        // The manifests differ by design (package name, hints).
        if relative == "Cargo.toml" {
            continue;
        }
        let Ok(text) = fs::read_to_string(course.root.join(&stub)) else {
            continue; // not text: nothing the book includes or a learner reads
        };
        let solution = format!("{solution_dir}/{relative}");
        let drift = |kind| Drift {
            stub: stub.clone(),
            solution: solution.clone(),
            kind,
        };
        let provided = !text.contains("TODO");
        if provided {
            match fs::read_to_string(course.root.join(&solution)) {
                Err(_) => found.push(drift(DriftKind::NoSolutionCopy)),
                Ok(reference) => {
                    if without_anchor_markers(&text) != without_anchor_markers(&reference) {
                        found.push(drift(DriftKind::Differs));
                        continue;
                    }
                }
            }
        }
        if text.lines().any(is_anchor_marker) {
            found.push(drift(DriftKind::Markers));
        }
    }
    Ok(found)
}

/// The verify section: one problem per drift.
pub fn problems(course: &Course) -> Result<Vec<String>> {
    Ok(drifts(course)?.iter().map(Drift::describe).collect())
}

/// What [`sync`] changed (or, with `check`, would change).
pub struct Synced {
    pub changed: Vec<Drift>,
    /// What only an author can fix (a provided file with no solution copy).
    pub left: Vec<Drift>,
}

/// Copies the solution's copy over every provided stub file that differs, and removes anchor
/// marker lines from the other stub files. With `check`, only reports.
pub fn sync(course: &Course, check: bool) -> Result<Synced> {
    let mut synced = Synced {
        changed: Vec::new(),
        left: Vec::new(),
    };
    for drift in drifts(course)? {
        let stub_path = course.root.join(&drift.stub);
        let new_text = match drift.kind {
            DriftKind::NoSolutionCopy => {
                synced.left.push(drift);
                continue;
            }
            DriftKind::Differs => read(&course.root.join(&drift.solution))?,
            DriftKind::Markers => read(&stub_path)?,
        };
        if !check {
            write(&stub_path, &without_anchor_markers(&new_text))?;
        }
        synced.changed.push(drift);
    }
    Ok(synced)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_markers_are_comment_lines_that_start_an_anchor() {
        for marker in [
            "// ANCHOR: model",
            "    // ANCHOR_END: model",
            "-- ANCHOR: schema",
            "# ANCHOR: view",
            "//ANCHOR: tight",
        ] {
            assert!(is_anchor_marker(marker), "{marker}");
        }
        for line in [
            "let anchor = \"ANCHOR: x\";",
            "// The ANCHOR: markers cut listings",
            "/// ANCHOR docs",
            "",
        ] {
            assert!(!is_anchor_marker(line), "{line}");
        }
    }

    #[test]
    fn marker_lines_are_left_out_and_nothing_else() {
        let text = "// ANCHOR: a\nfn a() {}\n    // ANCHOR_END: a\n\nfn b() {}\n";
        assert_eq!(without_anchor_markers(text), "fn a() {}\n\nfn b() {}\n");
    }

    #[test]
    fn a_drift_names_the_file_and_the_command_that_fixes_it() {
        let drift = Drift {
            stub: "exercises/01-a/01-x/src/error.rs".to_owned(),
            solution: "solutions/01-a/01-x/src/error.rs".to_owned(),
            kind: DriftKind::Differs,
        };
        let problem = drift.describe();
        assert!(
            problem.starts_with("exercises/01-a/01-x/src/error.rs: ")
                && problem.contains("solutions/01-a/01-x/src/error.rs")
                && problem.contains("`cargo workshop dev sync`"),
            "{problem}"
        );
    }
}
