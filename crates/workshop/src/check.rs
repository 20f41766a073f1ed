//! Checking one exercise: build its test, run it, and turn the result into a verdict that
//! leads with what the learner needs to read first.

use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::course::{Course, Exercise};
use crate::diagnose;
use crate::libtest::{self, TestResult};
use crate::testrun::{self, Build};

/// The whole test binary is killed after this long. Exercises' tests take well under a second
/// when they pass; this only bounds learner code that hangs.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// Which of an exercise's two packages to check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    /// The learner's code in `exercises/`.
    Exercise,
    /// The reference solution in `solutions/`.
    Solution,
}

#[derive(Debug)]
pub enum Verdict {
    Passed {
        tests: usize,
        elapsed: Duration,
    },
    DoesNotCompile {
        diagnostics: String,
    },
    Failed {
        /// The failing test that comes first in the test file.
        first: Failure,
        failed: usize,
        total: usize,
    },
    /// The run hit the time limit and was killed.
    TimedOut {
        /// Tests that had not finished when the run was killed.
        unfinished: Vec<String>,
    },
    /// The binary failed without a failing test: a crash (abort, stack overflow) or no tests.
    Crashed {
        output: String,
    },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }

    /// One line for the progress file and reports.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Passed { tests, .. } => format!("{tests} tests passed"),
            Verdict::DoesNotCompile { .. } => "does not compile".to_owned(),
            Verdict::Failed { first, .. } => {
                format!("{}: {}", first.test, first.headline())
            }
            Verdict::TimedOut { unfinished } => {
                format!("timed out; unfinished: {}", unfinished.join(", "))
            }
            Verdict::Crashed { .. } => "the test binary crashed".to_owned(),
        }
    }
}

#[derive(Debug)]
pub struct Failure {
    pub test: String,
    /// The panic message (or the test's whole output when no panic was found).
    pub message: String,
    /// Where the panic happened, `path:line:column`, if it said.
    pub location: Option<String>,
    /// A known failure explained in the course's terms.
    pub explanation: Option<String>,
}

impl Failure {
    /// The line that teaches: the explanation if there is one, else the message's first line.
    pub fn headline(&self) -> &str {
        self.explanation
            .as_deref()
            .unwrap_or(&self.message)
            .lines()
            .next()
            .unwrap_or("")
    }
}

/// Builds and runs the tests of one side of `exercise`.
pub fn check(course: &Course, exercise: &Exercise, side: Side) -> Result<Verdict> {
    let (package, dir) = match side {
        Side::Exercise => (exercise.id.clone(), &exercise.dir),
        Side::Solution => (exercise.solution_package(), &exercise.solution_dir),
    };
    let executable = match testrun::build(&course.root, &package, &exercise.lib_name)? {
        Build::Built(executable) => executable,
        Build::Failed(diagnostics) => return Ok(Verdict::DoesNotCompile { diagnostics }),
    };
    run_built(course, exercise, &executable, &course.path(dir))
}

/// Runs an already built test binary of `exercise` and judges the result.
pub fn run_built(
    course: &Course,
    exercise: &Exercise,
    executable: &Path,
    package_dir: &Path,
) -> Result<Verdict> {
    let run = testrun::run(executable, package_dir, &course.root, RUN_LIMIT)?;
    let report = libtest::parse(&run.output);
    if run.timed_out {
        let finished: Vec<&str> = report.results.iter().map(|r| r.name.as_str()).collect();
        let mut unfinished: Vec<String> = test_names_in_file(course, exercise)
            .into_iter()
            .filter(|name| !finished.contains(&name.as_str()))
            .collect();
        if unfinished.is_empty() {
            unfinished = report.slow.clone();
        }
        return Ok(Verdict::TimedOut { unfinished });
    }
    let source = fs::read_to_string(course.path(&exercise.test_file)).unwrap_or_default();
    let mut failed: Vec<&TestResult> = report.failed().collect();
    failed.sort_by_key(|r| position_in_source(&source, &r.name));
    match failed.first() {
        None if run.success && !report.results.is_empty() => Ok(Verdict::Passed {
            tests: report.results.len(),
            elapsed: run.elapsed,
        }),
        None => Ok(Verdict::Crashed { output: run.output }),
        Some(first) => Ok(Verdict::Failed {
            first: failure_of(course, exercise, first),
            failed: failed.len(),
            total: report.results.len(),
        }),
    }
}

fn failure_of(course: &Course, exercise: &Exercise, result: &TestResult) -> Failure {
    let panic = diagnose::find_panic(&result.output);
    let (message, location) = match panic {
        Some(panic) => (panic.message, Some(panic.location)),
        None => (result.output.clone(), None),
    };
    let explanation = diagnose::explain(course, exercise, &message, location.as_deref());
    Failure {
        test: result.name.clone(),
        message,
        location,
        explanation,
    }
}

/// Where `fn name(` appears in the test file, so failures are reported in the file's order:
/// tests are written as a story, simplest first.
fn position_in_source(source: &str, name: &str) -> usize {
    source.find(&format!("fn {name}(")).unwrap_or(usize::MAX)
}

/// The test functions in an exercise's test file, in order. A plain text scan: good enough to
/// name the tests a killed run did not finish.
fn test_names_in_file(course: &Course, exercise: &Exercise) -> Vec<String> {
    let source = fs::read_to_string(course.path(&exercise.test_file)).unwrap_or_default();
    let mut names = Vec::new();
    let mut after_test_attribute = false;
    for line in source.lines().map(str::trim) {
        if line.starts_with("#[tokio::test") || line.starts_with("#[test") {
            after_test_attribute = true;
        } else if after_test_attribute && let Some(rest) = line.split("fn ").nth(1) {
            if let Some(name) = rest.split('(').next() {
                names.push(name.trim().to_owned());
            }
            after_test_attribute = false;
        }
    }
    names
}
