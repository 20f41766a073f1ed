//! Checking one exercise: build its test, run each test with a time limit, and turn the results
//! into a verdict that leads with what the learner needs to read first.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::course::{Course, Exercise};
use crate::diagnose;
use crate::libtest::{self, TestResult};
use crate::testrun::{self, Build, Limits, Outcome, TestRun};

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
        /// What the course's rules say about the errors, shown after rustc's text.
        explanation: Option<String>,
        /// The error to read first, in one line with its place: rustc's full text can be
        /// longer than a screen.
        first_error: Option<String>,
    },
    Failed {
        /// The failing test that comes first in the test file.
        first: Failure,
        failed: usize,
        total: usize,
        /// The compiler's warnings about the learner's code that often explain a failure (a
        /// future never awaited, a `Result` dropped, a deprecated API).
        warnings: Vec<Warning>,
    },
    /// Some tests did not finish in time and were killed.
    TimedOut {
        /// Tests stopped at the per-test limit: the ones that hung.
        hung: Vec<String>,
        /// Tests stopped, or never started, because the whole run hit its limit.
        stopped: Vec<String>,
        limits: Limits,
        passed: usize,
        failed: usize,
        /// As in `Failed`.
        warnings: Vec<Warning>,
    },
    /// The binary failed without a failing test: no tests, or it could not list them.
    Crashed {
        output: String,
    },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }

    /// This verdict, with `found` as its warnings if it is a failing one.
    fn with_warnings(mut self, found: Vec<Warning>) -> Verdict {
        if let Verdict::Failed { warnings, .. } | Verdict::TimedOut { warnings, .. } = &mut self {
            *warnings = found;
        }
        self
    }

    /// One line for the progress file and reports.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Passed { tests, .. } => format!("{tests} tests passed"),
            Verdict::DoesNotCompile { .. } => "does not compile".to_owned(),
            Verdict::Failed { first, .. } => {
                format!("{}: {}", first.test, first.headline())
            }
            Verdict::TimedOut {
                hung,
                stopped,
                limits,
                ..
            } => match hung.first() {
                Some(test) => format!(
                    "{test}: did not finish in {} and was stopped",
                    seconds(limits.per_test)
                ),
                None => format!(
                    "the tests together ran past {} and were stopped ({})",
                    seconds(limits.whole_run),
                    stopped.join(", ")
                ),
            },
            Verdict::Crashed { .. } => "the test binary crashed".to_owned(),
        }
    }
}

/// `10 s`, `2.5 s`.
pub fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}

/// A compiler warning shown with a failing verdict.
#[derive(Debug)]
pub struct Warning {
    /// As rustc printed it.
    pub rendered: String,
    /// In one line: `unused `Result` that must be used, at src/lib.rs:3`.
    pub summary: String,
    /// What the course's rules say it means, if they know it.
    pub meaning: Option<String>,
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
    /// More to read after the explanation: the snapshot diff of a snapshot mismatch.
    pub detail: Option<String>,
    /// Panics printed before the one that failed the test, each `location: message`: caught
    /// by the test on purpose, or raised on another thread (a server, a spawned task).
    pub earlier_panics: Vec<String>,
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
pub fn check(course: &Course, exercise: &Exercise, side: Side, limits: Limits) -> Result<Verdict> {
    let (package, dir) = match side {
        Side::Exercise => (exercise.id.clone(), &exercise.dir),
        Side::Solution => (exercise.solution_package(), &exercise.solution_dir),
    };
    let binary = match testrun::build(&course.root, &package, &exercise.lib_name)? {
        Build::Built(binary) => binary,
        Build::Failed(failed) => {
            return Ok(Verdict::DoesNotCompile {
                explanation: diagnose::explain_compile(&failed.messages),
                first_error: first_error(&failed.messages),
                diagnostics: failed.diagnostics,
            });
        }
    };
    let verdict = run_built(
        course,
        exercise,
        &binary.executable,
        &course.path(dir),
        limits,
    )?;
    let warnings = binary
        .teaching_warnings(dir)
        .iter()
        .map(|message| Warning {
            rendered: message.rendered.trim_end().to_owned(),
            summary: match &message.primary {
                Some(place) => format!("{}, at {place}", message.message),
                None => message.message.clone(),
            },
            meaning: diagnose::explain_warning(message),
        })
        .collect();
    Ok(verdict.with_warnings(warnings))
}

/// `E0277 at src/lib.rs:4: `Rc<u32>` cannot be sent between threads safely`: the error shown
/// first (the most telling one, as `CompilerMessage::rank` orders them), if rustc placed it.
fn first_error(messages: &[testrun::CompilerMessage]) -> Option<String> {
    let first = messages
        .iter()
        .filter(|m| m.level == "error" && m.primary.is_some())
        .min_by_key(|m| m.rank())?;
    let code = first
        .code
        .as_deref()
        .map(|c| format!("{c} "))
        .unwrap_or_default();
    let place = first.primary.as_deref().unwrap_or_default();
    Some(format!("{code}at {place}: {}", first.message))
}

/// Runs an already built test binary of `exercise` and judges the result.
pub fn run_built(
    course: &Course,
    exercise: &Exercise,
    executable: &Path,
    package_dir: &Path,
    limits: Limits,
) -> Result<Verdict> {
    let started = Instant::now();
    let source = fs::read_to_string(course.path(&exercise.test_file)).unwrap_or_default();
    let mut names = match testrun::list_tests(executable, package_dir, &course.root) {
        Ok(names) => names,
        Err(error) => {
            return Ok(Verdict::Crashed {
                output: format!("{error:#}"),
            });
        }
    };
    // Tests are written as a story, simplest first: run and report them in the file's order.
    names.sort_by_key(|name| position_in_source(&source, name));
    if names.is_empty() {
        return Ok(Verdict::Crashed {
            output: format!("{} has no tests", exercise.test_file.display()),
        });
    }
    let runs = testrun::run_tests(executable, package_dir, &course.root, &names, limits)?;
    Ok(judge(course, exercise, &runs, limits, started.elapsed()))
}

fn judge(
    course: &Course,
    exercise: &Exercise,
    runs: &[TestRun],
    limits: Limits,
    elapsed: Duration,
) -> Verdict {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut hung = Vec::new();
    let mut stopped = Vec::new();
    for run in runs {
        match run.outcome {
            Outcome::Finished { success } => {
                let report = libtest::parse(&run.output);
                match report.results.iter().find(|r| r.name == run.name) {
                    Some(result) if result.passed => passed += 1,
                    Some(result) => failures.push(failure_of(course, exercise, result)),
                    // Exited cleanly without a result: an ignored test.
                    None if success => {}
                    None => failures.push(crash_of(course, exercise, run)),
                }
            }
            Outcome::TimedOut => hung.push(run.name.clone()),
            Outcome::StoppedWithRun | Outcome::NotRun => stopped.push(run.name.clone()),
        }
    }
    if !hung.is_empty() || !stopped.is_empty() {
        return Verdict::TimedOut {
            hung,
            stopped,
            limits,
            passed,
            failed: failures.len(),
            warnings: Vec::new(),
        };
    }
    let failed = failures.len();
    match failures.into_iter().next() {
        Some(first) => Verdict::Failed {
            first,
            failed,
            total: passed + failed,
            warnings: Vec::new(),
        },
        None if passed > 0 => Verdict::Passed {
            tests: passed,
            elapsed,
        },
        None => Verdict::Crashed {
            output: "no test ran: every test is ignored".to_owned(),
        },
    }
}

fn failure_of(course: &Course, exercise: &Exercise, result: &TestResult) -> Failure {
    let panics = diagnose::find_panics(&result.output);
    let (message, location, earlier) = match diagnose::failing_panic(&result.name, panics) {
        // A returned `Err` has no location.
        Some((panic, earlier)) => {
            let location = (!panic.location.is_empty()).then_some(panic.location);
            (panic.message, location, earlier)
        }
        None => (result.output.clone(), None, Vec::new()),
    };
    let earlier_panics = earlier
        .iter()
        .map(|p| format!("thread '{}' at {}:\n{}", p.thread, p.location, p.message))
        .collect();
    let explanation = diagnose::explain(course, exercise, &message, location.as_deref());
    let detail = diagnose::snapshot_diff(&result.output, &course.root);
    // A panic inside a library (insta, tokio) points at the library's source, which helps no
    // learner: point at the test line instead when insta named it, else at nothing.
    let location = location
        .filter(|l| !diagnose::is_library_location(l))
        .or_else(|| {
            detail.as_deref().and_then(|d| {
                d.lines()
                    .find_map(|l| l.strip_prefix("Source: ").map(str::to_owned))
            })
        });
    Failure {
        test: result.name.clone(),
        detail,
        message,
        location,
        explanation,
        earlier_panics,
    }
}

/// A test whose process died without a result: an abort, a stack overflow, `process::exit`.
fn crash_of(course: &Course, exercise: &Exercise, run: &TestRun) -> Failure {
    let printed: Vec<&str> = run
        .output
        .lines()
        .filter(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("running ") && !line.starts_with("test ")
        })
        .collect();
    let message = if printed.is_empty() {
        "the test's process ended without a result and printed nothing".to_owned()
    } else {
        format!(
            "the test's process ended without a result:\n{}",
            printed.join("\n")
        )
    };
    Failure {
        test: run.name.clone(),
        explanation: diagnose::explain(course, exercise, &message, None),
        message,
        location: None,
        detail: None,
        earlier_panics: Vec::new(),
    }
}

/// Where `fn name(` appears in the test file; tests the file does not show come last.
fn position_in_source(source: &str, name: &str) -> usize {
    let function = name.rsplit("::").next().unwrap_or(name);
    source
        .find(&format!("fn {function}("))
        .unwrap_or(usize::MAX)
}
