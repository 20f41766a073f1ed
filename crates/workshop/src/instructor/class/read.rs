//! Reading a directory of learners' reports. Anything that is not one is named and skipped:
//! an instructor's download of a class's CI artifacts holds JUnit files, zip leftovers and
//! the odd stray file, and one bad file must never hide the other thirty learners.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// A report bigger than this is not one (forty exercises take a few kilobytes).
const MAX_REPORT_BYTES: u64 = 4 * 1024 * 1024;

/// One learner's report, as `cargo workshop report --format json` writes it (`report.rs`).
/// Only the fields the class table uses; unknown fields are ignored so newer runners' reports
/// still read.
#[derive(Debug, Clone, Deserialize)]
pub struct LearnerReport {
    pub course: String,
    pub learner: String,
    pub generated_at: String,
    pub exercises: Vec<Entry>,
    /// The file it came from, relative to the directory read.
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub id: String,
    pub status: Status,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub last_failure: Option<String>,
    #[serde(default)]
    pub time_to_pass_seconds: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    Failing,
    NotStarted,
}

/// A file that was not used, and why, in words an instructor can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Found {
    /// One report per learner, the newest when a learner sent several, by learner name.
    pub reports: Vec<LearnerReport>,
    pub skipped: Vec<Skipped>,
}

/// Reads every file under `dir` (subdirectories too: downloaded CI artifacts arrive one
/// directory per learner). `course` is this course's title: reports of another are skipped.
/// A `.xml` beside a report read with the same name is its JUnit twin and passes unnamed.
pub fn read_dir(dir: &Path, course: &str) -> std::io::Result<Found> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut found = Found::default();
    let mut newest: BTreeMap<String, LearnerReport> = BTreeMap::new();
    for path in files {
        let file = relative_name(dir, &path);
        match read_one(&path, course) {
            Ok(mut report) => {
                report.file = file;
                let key = report.learner.clone();
                match newest.remove(&key) {
                    Some(kept) if kept.generated_at >= report.generated_at => {
                        found.skipped.push(older(&report, &kept));
                        newest.insert(key, kept);
                    }
                    Some(replaced) => {
                        found.skipped.push(older(&replaced, &report));
                        newest.insert(key, report);
                    }
                    None => {
                        newest.insert(key, report);
                    }
                }
            }
            Err(reason) => found.skipped.push(Skipped { file, reason }),
        }
    }
    found.reports = newest.into_values().collect();
    // The JUnit twin of a report that was read (CI writes both side by side) is the same
    // report again, not a stray file.
    let read: Vec<String> = found.reports.iter().map(|r| r.file.clone()).collect();
    found.skipped.retain(|skipped| {
        !skipped.file.ends_with(".xml") || {
            let twin = format!("{}.json", skipped.file.trim_end_matches(".xml"));
            !read.contains(&twin)
        }
    });
    found.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(found)
}

fn older(old: &LearnerReport, new: &LearnerReport) -> Skipped {
    Skipped {
        file: old.file.clone(),
        reason: format!(
            "an older report of {} ({}) than {} ({})",
            old.learner, old.generated_at, new.file, new.generated_at
        ),
    }
}

/// One file as a report, or the reason it is not one.
fn read_one(path: &Path, course: &str) -> Result<LearnerReport, String> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "json" => {}
        "xml" => {
            return Err(
                "a JUnit report; the class report reads the JSON ones (--format json)".into(),
            );
        }
        _ => return Err("not a .json file".into()),
    }
    let size = fs::metadata(path)
        .map_err(|e| format!("cannot be read: {e}"))?
        .len();
    if size > MAX_REPORT_BYTES {
        return Err(format!("{size} bytes: too big to be a learner's report"));
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("not valid JSON ({e})"))?;
    let looks_like_a_report = value.get("learner").is_some_and(Value::is_string)
        && value.get("exercises").is_some_and(Value::is_array);
    if !looks_like_a_report {
        return Err("JSON, but not a `cargo workshop report` (no learner and exercises)".into());
    }
    let report: LearnerReport = serde_json::from_value(value)
        .map_err(|e| format!("a report this runner cannot read ({e})"))?;
    if report.course != course {
        return Err(format!(
            "a report of another course (\"{}\")",
            report.course
        ));
    }
    if report.learner.trim().is_empty() {
        return Err("a report without a learner's name".into());
    }
    Ok(report)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
