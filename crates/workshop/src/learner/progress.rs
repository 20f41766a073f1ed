//! The learner's progress: one small JSON file at the course root, ignored by git.
//!
//! It is keyed by exercise ID, never by position, so reordering or renumbering exercises keeps
//! everyone's progress. A missing file is a fresh start. A damaged file never crashes the
//! runner: entries that still read are kept, the rest are dropped with a warning, and a file
//! that does not parse at all is moved aside (never deleted) before progress starts over.
//!
//! The file says which format wrote it (`version`). A file from a newer runner (the learner
//! went back to an older checkout of the course) is read as far as it goes and never written:
//! saving would drop whatever the newer format added. A save that fails (a full disk, a
//! read-only directory) leaves the previous file whole and says so.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::now;

pub const FILE_NAME: &str = ".workshop-progress.json";
/// The format this runner writes. Raise it when a change would lose data in an older runner.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Progress {
    /// The format of the file; files from before it existed are format 1.
    #[serde(default = "first_version")]
    pub version: u64,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
    #[serde(skip)]
    path: PathBuf,
    /// Set when the file was written by a newer runner: then it is never overwritten.
    #[serde(skip)]
    newer_format: Option<u64>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            exercises: BTreeMap::new(),
            path: PathBuf::new(),
            newer_format: None,
        }
    }
}

fn first_version() -> u64 {
    1
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

    /// Writes the file atomically: a crash mid-write never leaves half a file behind, and a
    /// write that fails leaves the previous file as it was.
    pub fn save(&self) -> Result<()> {
        if self.newer_format.is_some() {
            // Warned about when loaded; writing would lose what the newer format added.
            return Ok(());
        }
        let text = serde_json::to_string_pretty(self)? + "\n";
        let temporary = self.path.with_extension("json.tmp");
        let written = fs::write(&temporary, text).and_then(|()| fs::rename(&temporary, &self.path));
        if let Err(error) = written {
            let _ = fs::remove_file(&temporary);
            bail!(
                "could not save your progress to {}: {error}. Nothing is lost: the file still \
                 holds your progress from before this command, and your code is untouched; only \
                 this command's result is not recorded. {}",
                self.path.display(),
                advice(&error)
            );
        }
        Ok(())
    }
}

/// What to do about a failed save, in the learner's terms.
fn advice(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "The disk is full: free some space, then run the command again."
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "The course directory cannot be written: check its permissions (or copy the course \
             somewhere you can write), then run the command again."
        }
        _ => "Fix what the error names, then run the command again.",
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
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(1);
    if version > FORMAT_VERSION {
        eprintln!(
            "warning: {FILE_NAME} was written by a newer `cargo workshop` (format {version}; \
             this one knows format {FORMAT_VERSION}), probably from a newer checkout of the \
             course. Your progress is shown as far as this runner can read it, and the file is \
             left untouched: nothing is recorded until you update the course (git pull)."
        );
        progress.newer_format = Some(version);
    }
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
    fn a_file_from_a_newer_runner_is_read_but_never_written() {
        let dir =
            std::env::temp_dir().join(format!("workshop-progress-newer-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temp dir");
        let text = r#"{"version": 99, "exercises": {"hello": {"attempts": 2, "passed": true, "streak": 7}}}"#;
        fs::write(dir.join(FILE_NAME), text).expect("writing the file");
        let mut progress = Progress::load(&dir);
        assert!(progress.is_passed("hello"));
        progress.record("hello", Some("failed"));
        progress.save().expect("saving is a quiet no-op");
        assert_eq!(fs::read_to_string(dir.join(FILE_NAME)).expect("read"), text);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_of_this_format_is_written_with_its_version() {
        let dir = std::env::temp_dir().join(format!("workshop-progress-v1-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temp dir");
        let mut progress = Progress::load(&dir);
        progress.record("hello", None);
        progress.save().expect("saving");
        let saved: Value =
            serde_json::from_str(&fs::read_to_string(dir.join(FILE_NAME)).expect("read"))
                .expect("json");
        assert_eq!(saved["version"], FORMAT_VERSION);
        let _ = fs::remove_dir_all(&dir);
    }

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
