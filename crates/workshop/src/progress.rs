//! The learner's progress: one small JSON file at the course root, ignored by git.
//!
//! It is keyed by exercise ID, never by position, so reordering or renumbering exercises keeps
//! everyone's progress. A missing file is a fresh start. A damaged file never crashes the
//! runner: entries that still read are kept, the rest are dropped with a warning, and a file
//! that does not parse at all is moved aside (never deleted) before progress starts over.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::now;

pub const FILE_NAME: &str = ".workshop-progress.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    #[serde(skip)]
    path: PathBuf,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// How many times the learner checked this exercise.
    #[serde(default)]
    pub attempts: u32,
    /// Whether the last check passed.
    #[serde(default)]
    pub passed: bool,
    /// Seconds since the Unix epoch of the first check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_attempt_at: Option<u64>,
    /// Seconds since the Unix epoch of the first check that passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed_at: Option<u64>,
    /// How many hints the learner has revealed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hints_shown: usize,
    /// The first line of the last failure, for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<String>,
}

impl Progress {
    /// Loads the progress file under `root`. Never fails on a bad file: see the module docs.
    pub fn load(root: &Path) -> Progress {
        let path = root.join(FILE_NAME);
        let mut progress = match fs::read_to_string(&path) {
            Ok(text) => parse_leniently(&text, &path),
            Err(_) => Progress::default(),
        };
        progress.path = path;
        progress
    }

    /// Reads the file again: another `cargo workshop` (a check in a second terminal) may have
    /// written it since. Watch mode calls this before each change it records.
    pub fn reload(&mut self) {
        let root = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        *self = Progress::load(&root);
    }

    pub fn get(&self, id: &str) -> Option<&ExerciseProgress> {
        self.exercises.get(id)
    }

    pub fn is_passed(&self, id: &str) -> bool {
        self.get(id).is_some_and(|p| p.passed)
    }

    /// Records one check of `id`. `failure` is `None` when it passed.
    pub fn record(&mut self, id: &str, failure: Option<&str>) {
        let entry = self.exercises.entry(id.to_owned()).or_default();
        let now = now();
        entry.attempts += 1;
        entry.first_attempt_at.get_or_insert(now);
        entry.passed = failure.is_none();
        match failure {
            None => {
                entry.passed_at.get_or_insert(now);
                entry.last_failure = None;
            }
            Some(message) => {
                entry.last_failure = Some(message.lines().next().unwrap_or("").to_owned());
            }
        }
    }

    /// After a reset the exercise is to do again; its history (attempts, time to pass) stays.
    pub fn mark_reset(&mut self, id: &str) {
        if let Some(entry) = self.exercises.get_mut(id) {
            entry.passed = false;
        }
    }

    /// Reveals one more hint of `id` (up to `available`) and returns how many are now shown.
    pub fn reveal_hint(&mut self, id: &str, available: usize) -> usize {
        let entry = self.exercises.entry(id.to_owned()).or_default();
        entry.hints_shown = (entry.hints_shown + 1).min(available);
        entry.hints_shown
    }

    /// Writes the file atomically: a crash mid-write never leaves half a file behind.
    pub fn save(&self) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        let temporary = self.path.with_extension("json.tmp");
        fs::write(&temporary, text + "\n")
            .with_context(|| format!("writing {}", temporary.display()))?;
        fs::rename(&temporary, &self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok(())
    }
}

/// Keeps every entry that still reads; see the module docs.
fn parse_leniently(text: &str, path: &Path) -> Progress {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let aside = path.with_extension(format!("json.corrupt-{}", now()));
            let moved = fs::rename(path, &aside).is_ok();
            eprintln!(
                "warning: {FILE_NAME} could not be read ({error}); starting progress over.{}",
                if moved {
                    format!(" The old file is kept as {}.", display_name(&aside))
                } else {
                    String::new()
                }
            );
            return Progress::default();
        }
    };
    let mut progress = Progress::default();
    let mut dropped = Vec::new();
    match value.get("exercises").and_then(Value::as_object) {
        Some(entries) => {
            for (id, entry) in entries {
                match serde_json::from_value::<ExerciseProgress>(entry.clone()) {
                    Ok(entry) => {
                        progress.exercises.insert(id.clone(), entry);
                    }
                    Err(_) => dropped.push(id.as_str()),
                }
            }
        }
        None => dropped.push("(the whole list)"),
    }
    if !dropped.is_empty() {
        eprintln!(
            "warning: {FILE_NAME} was damaged; the progress of {} could not be read and starts \
             over. Everything else is kept.",
            dropped.join(", ")
        );
    }
    progress
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_entries_that_still_read() {
        let text = r#"{"exercises": {
            "hello": {"attempts": 2, "passed": true},
            "list-view": {"attempts": "many"},
            "detail-view": {"attempts": 1}
        }}"#;
        let progress = parse_leniently(text, Path::new("/nonexistent/progress.json"));
        assert!(progress.is_passed("hello"));
        assert!(progress.get("list-view").is_none());
        assert_eq!(progress.get("detail-view").map(|p| p.attempts), Some(1));
    }
}
