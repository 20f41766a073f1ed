//! Building one package's test binary and running its tests, each in a process of its own.
//!
//! Building and running are separate steps on purpose: the build goes through cargo (so only
//! that package and its test are recompiled), while the run is ours. Each test runs as
//! `binary --exact NAME` in its own process group, so a test that hangs is stopped after the
//! per-test limit, named, and killed with everything it started, while the others still report.
//! A test binary starts in a few milliseconds, so this costs little next to the build.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::children::{self, Registered};
use crate::signals;

mod compiler;
mod replay;

pub use compiler::CompilerMessage;

/// What building a package's tests produced.
pub enum Build {
    /// The test binary for the `[[test]]` target named `test_name`.
    Built(Binary),
    /// Compilation failed.
    Failed(Failed),
}

/// A build that failed: what to show, and rustc's messages as data (for the explanations).
pub struct Failed {
    /// rustc's diagnostics and cargo's summary, as text.
    pub diagnostics: String,
    pub messages: Vec<CompilerMessage>,
}

/// A test binary that was built, and what the compiler said while building it.
pub struct Binary {
    pub executable: PathBuf,
    /// Every diagnostic of the build (or, for a fresh package, the ones cargo replays).
    pub messages: Vec<CompilerMessage>,
    /// How many crates this build compiled (0: everything was already built).
    pub compiled: usize,
}

impl Binary {
    /// The warnings about the package in `package_dir` that may explain a failing test.
    pub fn teaching_warnings(&self, package_dir: &Path) -> Vec<CompilerMessage> {
        self.messages
            .iter()
            .filter(|m| m.teaches() && m.is_about(package_dir))
            .cloned()
            .collect()
    }
}

/// Builds the tests of `package` (without running them) and returns the binary of its
/// `[[test]]` target `test_name`: by replaying the compiler commands cargo ran last time when
/// nothing else changed (see `replay`), else through cargo.
pub fn build(root: &Path, package: &str, test_name: &str) -> Result<Build> {
    match replay::rebuild(root, package)? {
        Some(build) => Ok(build),
        None => build_with_cargo(root, package, test_name),
    }
}

/// [`build`] through cargo, always: it compiles whatever is stale, dependencies included, and
/// records the commands for the next [`build`] to replay.
pub fn build_with_cargo(root: &Path, package: &str, test_name: &str) -> Result<Build> {
    replay::forget(root, package);
    let mut command = cargo(root);
    command.args([
        "test",
        "--no-run",
        "--package",
        package,
        "--test",
        test_name,
        "--message-format=json",
        // Very verbose: cargo then prints each rustc command with its environment, which is
        // what `replay` keeps. The extra lines are not shown (see `run_cargo_collecting`).
        "-vv",
    ]);
    let output = run_cargo_collecting(command)?;
    let compiled = output.artifacts.iter().filter(|a| !a.fresh).count();
    let executable = output
        .artifacts
        .into_iter()
        .find(|a| a.target.name == test_name && a.target.kind.iter().any(|k| k == "test"))
        .and_then(|a| a.executable);
    match (output.success, executable) {
        (true, Some(executable)) => {
            replay::remember(root, package, &output.commands, &executable);
            Ok(Build::Built(Binary {
                executable,
                messages: output.messages,
                compiled,
            }))
        }
        (true, None) => bail!("cargo built `{package}` but reported no test binary `{test_name}`"),
        (false, _) => Ok(Build::Failed(Failed {
            diagnostics: output.diagnostics,
            messages: output.messages,
        })),
    }
}

/// Builds the tests of several packages in one cargo run and returns each package's test
/// binaries. Fails (with cargo's diagnostics) if any of them does not compile.
pub fn build_many(root: &Path, packages: &[String]) -> Result<Result<Vec<Artifact>, String>> {
    let mut command = cargo(root);
    command.args(["test", "--no-run", "--message-format=json"]);
    for package in packages {
        command.args(["--package", package]);
    }
    let output = run_cargo_collecting(command)?;
    if output.success {
        Ok(Ok(output.artifacts))
    } else {
        Ok(Err(output.diagnostics))
    }
}

/// The directory cargo builds the course into: `CARGO_TARGET_DIR` if set, else `target/`.
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

pub fn cargo(root: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root);
    command
}

/// One `compiler-artifact` message of cargo's JSON output, the fields we read.
#[derive(Debug, Deserialize)]
pub struct Artifact {
    pub target: ArtifactTarget,
    pub executable: Option<PathBuf>,
    #[serde(default)]
    pub manifest_path: PathBuf,
    /// Already built: cargo only replayed it.
    #[serde(default)]
    pub fresh: bool,
}

#[derive(Debug, Deserialize)]
pub struct ArtifactTarget {
    pub name: String,
    pub kind: Vec<String>,
}

pub struct CargoOutput {
    pub success: bool,
    pub artifacts: Vec<Artifact>,
    /// rustc's messages, as data.
    pub messages: Vec<CompilerMessage>,
    /// What to show when the build failed: rustc's rendered messages, the most telling error
    /// first and warnings last, then cargo's own lines.
    pub diagnostics: String,
    /// The rustc commands cargo ran, as `-vv` prints them ("Running `...`").
    pub commands: Vec<String>,
}

/// Runs cargo with `--message-format=json`, echoing its progress lines (`Compiling ...`: a
/// first build takes minutes and must not look hung) and collecting rustc's messages and the
/// artifacts.
pub fn run_cargo_collecting(mut command: Command) -> Result<CargoOutput> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let (mut child, _registered) = children::spawn(&mut command)?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");

    // cargo writes its progress and its own errors to stderr, JSON messages to stdout.
    let cargo_lines = thread::spawn(move || {
        let mut collected = String::new();
        let mut commands = Vec::new();
        let mut lines = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .peekable();
        while let Some(line) = lines.next() {
            if is_progress_line(&line) {
                eprintln!("{line}");
            } else if line.trim_start().starts_with("Running `") {
                commands.push(line);
            } else if line == "Caused by:" {
                // -vv's account of the failed command: rustc's messages already said why.
                let _ = lines.next_if(|next| next.starts_with("  process didn't exit"));
                if collected.ends_with("\n\n") {
                    collected.pop();
                }
            } else if !is_noise_line(&line) {
                collected.push_str(&line);
                collected.push('\n');
            }
        }
        (collected, commands)
    });
    let mut artifacts = Vec::new();
    let mut messages = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        #[derive(Deserialize)]
        struct Message {
            reason: String,
        }
        if let Some(message) = CompilerMessage::parse(&line) {
            messages.push(message);
        } else if let Ok(Message { reason }) = serde_json::from_str(&line)
            && reason == "compiler-artifact"
            && let Ok(artifact) = serde_json::from_str::<Artifact>(&line)
        {
            artifacts.push(artifact);
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    signals::stop_here_if_stopping();
    let (cargo_lines, commands) = cargo_lines.join().unwrap_or_default();
    // The most telling error first (rustc's own order is the order it found them in).
    let mut shown: Vec<&CompilerMessage> = messages.iter().collect();
    shown.sort_by_key(|m| m.rank());
    let mut diagnostics: String = shown
        .iter()
        .filter(|m| !m.rendered.is_empty())
        .map(|m| format!("{}\n\n", m.rendered.trim_end()))
        .collect();
    diagnostics.push_str(&cargo_lines);
    Ok(CargoOutput {
        success: status.success(),
        artifacts,
        messages,
        diagnostics,
        commands,
    })
}

fn is_progress_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    [
        "Compiling ",
        "Downloaded ",
        "Downloading ",
        "Updating ",
        "Locking ",
        "Adding ",
        "Blocking waiting",
    ]
    .iter()
    .any(|prefix| trimmed.starts_with(prefix))
}

/// Cargo's closing lines, and what `-vv` adds (which crates are fresh and why one is not,
/// build scripts' output, dependencies' build-script warnings): not worth showing, not a
/// diagnostic either.
fn is_noise_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    let verbose_only = trimmed.starts_with("Fresh ")
        || trimmed.starts_with("Dirty ")
        || (trimmed.starts_with('[') && trimmed.contains("] "))
        || trimmed
            .strip_prefix("warning: ")
            .and_then(|rest| rest.split_once(": "))
            .is_some_and(|(source, _)| source.contains('@') && !source.contains(' '));
    verbose_only || trimmed.starts_with("Finished ") || trimmed.starts_with("Executable ")
}

/// How long tests may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One test is stopped after this long.
    pub per_test: Duration,
    /// All of an exercise's tests together are stopped after this long.
    pub whole_run: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        // Exercises' tests take well under a second when they pass; the limits only bound
        // learner code that hangs, with room for a loaded machine.
        Limits {
            per_test: Duration::from_secs(10),
            whole_run: Duration::from_secs(60),
        }
    }
}

impl Limits {
    /// The limits from `--timeout` and `--run-timeout`, else `WORKSHOP_TEST_TIMEOUT` and
    /// `WORKSHOP_RUN_TIMEOUT`, else the defaults. Values are seconds, fractions allowed.
    pub fn from_args(per_test: Option<String>, whole_run: Option<String>) -> Result<Limits> {
        let defaults = Limits::default();
        Ok(Limits {
            per_test: seconds(per_test, "WORKSHOP_TEST_TIMEOUT", defaults.per_test)?,
            whole_run: seconds(whole_run, "WORKSHOP_RUN_TIMEOUT", defaults.whole_run)?,
        })
    }
}

fn seconds(flag: Option<String>, variable: &str, default: Duration) -> Result<Duration> {
    let Some(text) = flag.or_else(|| std::env::var(variable).ok()) else {
        return Ok(default);
    };
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(Duration::from_secs_f64(seconds)),
        _ => bail!(
            "`{text}` is not a number of seconds (from --timeout, --run-timeout or {variable})"
        ),
    }
}

/// How one test's process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It exited by itself; `success` is its exit status.
    Finished { success: bool },
    /// It was still running at the per-test limit and was killed.
    TimedOut,
    /// It was still running when the whole run's limit was reached, and was killed.
    StoppedWithRun,
    /// The whole run's limit was reached before it started.
    NotRun,
}

/// One test's run: its name, how it ended and everything it printed.
#[derive(Debug, Clone)]
pub struct TestRun {
    pub name: String,
    pub outcome: Outcome,
    /// libtest's output for this one test, stdout and stderr in the order they were written.
    pub output: String,
}

/// Lists the tests of a test binary (`--list`), in the binary's order.
pub fn list_tests(executable: &Path, package_dir: &Path, root: &Path) -> Result<Vec<String>> {
    let mut command = test_command(executable, package_dir, root);
    command.args(["--list", "--format", "terse"]);
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("starting {}", executable.display()))?;
    if !output.status.success() {
        bail!(
            "{} --list failed: {}",
            executable.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

/// The environment a check runs tests in: no snapshot is ever written, no colour, no backtrace
/// (a panic's first line is what the runner reads), and nothing from the caller's shell that
/// changes how libtest runs.
fn test_command(executable: &Path, package_dir: &Path, root: &Path) -> Command {
    let mut command = Command::new(executable);
    command
        .current_dir(package_dir)
        .env("INSTA_UPDATE", "no")
        .env("INSTA_OUTPUT", "diff")
        .env("INSTA_WORKSPACE_ROOT", root)
        .env("CARGO_MANIFEST_DIR", package_dir)
        .env("RUST_BACKTRACE", "0");
    // Tests talk to servers on loopback; a company proxy in HTTP_PROXY must not see them,
    // whoever built the client (the learner's own code included).
    let no_proxy = crate::children::no_proxy_with_loopback(std::env::var("NO_PROXY").ok());
    command.env("no_proxy", &no_proxy).env("NO_PROXY", no_proxy);
    for variable in [
        "INSTA_FORCE_PASS",
        "INSTA_FORCE_UPDATE",
        "CLICOLOR_FORCE",
        "RUST_TEST_NOCAPTURE",
        "RUST_TEST_THREADS",
        "RUST_TEST_SHUFFLE",
        "RUST_TEST_SHUFFLE_SEED",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Runs each of `names` in its own process, at most as many at once as the machine has cores
/// (libtest's own default), within `limits`. Results come back in the order of `names`.
pub fn run_tests(
    executable: &Path,
    package_dir: &Path,
    root: &Path,
    names: &[String],
    limits: Limits,
) -> Result<Vec<TestRun>> {
    let parallel = thread::available_parallelism().map_or(2, |n| n.get());
    let run_deadline = Instant::now() + limits.whole_run;
    let (done_sender, done) = mpsc::channel::<usize>();
    let mut outcomes: BTreeMap<usize, TestRun> = BTreeMap::new();
    let mut running: Vec<Running> = Vec::new();
    let mut next = 0;
    loop {
        while running.len() < parallel && next < names.len() && Instant::now() < run_deadline {
            let command = test_command(executable, package_dir, root);
            match start(command, next, &names[next], done_sender.clone()) {
                Ok(test) => running.push(test),
                Err(error) => {
                    // Leave nothing running behind an error.
                    for test in running {
                        children::kill_group(test.registered.group);
                    }
                    return Err(error);
                }
            }
            next += 1;
        }
        if running.is_empty() {
            break;
        }
        let wake_at = running
            .iter()
            .map(|r| r.started + limits.per_test)
            .chain([run_deadline])
            .min()
            .unwrap_or(run_deadline);
        match done.recv_timeout(wake_at.saturating_duration_since(Instant::now())) {
            Ok(index) => {
                signals::stop_here_if_stopping();
                if let Some(position) = running.iter().position(|r| r.index == index) {
                    let finished = running.swap_remove(position);
                    let success = finished.status.recv().unwrap_or(false);
                    let run = finished.collect(Outcome::Finished { success });
                    outcomes.insert(index, run);
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                let now = Instant::now();
                let mut still_running = Vec::new();
                for test in running.drain(..) {
                    if now >= run_deadline {
                        outcomes.insert(test.index, test.kill(Outcome::StoppedWithRun));
                    } else if now >= test.started + limits.per_test {
                        outcomes.insert(test.index, test.kill(Outcome::TimedOut));
                    } else {
                        still_running.push(test);
                    }
                }
                running = still_running;
            }
            Err(RecvTimeoutError::Disconnected) => unreachable!("we hold a sender"),
        }
    }
    Ok(names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            outcomes.remove(&index).unwrap_or_else(|| TestRun {
                name: name.clone(),
                outcome: Outcome::NotRun,
                output: String::new(),
            })
        })
        .collect())
}

/// A test process that has not been judged yet.
struct Running {
    index: usize,
    name: String,
    started: Instant,
    registered: Registered,
    status: mpsc::Receiver<bool>,
    output: mpsc::Receiver<String>,
}

fn start(
    mut command: Command,
    index: usize,
    name: &str,
    done: mpsc::Sender<usize>,
) -> Result<Running> {
    // One pipe for stdout and stderr, so what a test printed stays in the order it printed it.
    let (reader, writer) = std::io::pipe().context("creating a pipe")?;
    command
        .args(["--exact", name])
        .stdout(writer.try_clone().context("creating a pipe")?)
        .stderr(writer);
    let (mut child, registered) = children::spawn(&mut command)?;
    // The command holds the pipe's write end: drop it, or the reader never sees the end.
    drop(command);
    let started = Instant::now();
    let (output_sender, output) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = BufReader::new(reader).read_to_end(&mut bytes);
        let _ = output_sender.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    let (status_sender, status) = mpsc::channel();
    thread::spawn(move || {
        let success = child.wait().is_ok_and(|s| s.success());
        let _ = status_sender.send(success);
        let _ = done.send(index);
    });
    Ok(Running {
        index,
        name: name.to_owned(),
        started,
        registered,
        status,
        output,
    })
}

impl Running {
    /// Collects the output of a test whose process exited.
    fn collect(self, outcome: Outcome) -> TestRun {
        // The pipe closes when the last process holding it exits. If the test left a process
        // behind that still holds it, kill the group so that nothing outlives the check.
        let output = match self.output.recv_timeout(Duration::from_millis(200)) {
            Ok(output) => output,
            Err(_) => {
                children::kill_group(self.registered.group);
                self.output
                    .recv_timeout(Duration::from_secs(2))
                    .unwrap_or_default()
            }
        };
        TestRun {
            name: self.name,
            outcome,
            output,
        }
    }

    /// Kills the test's whole process group and collects what it printed.
    fn kill(self, outcome: Outcome) -> TestRun {
        children::kill_group(self.registered.group);
        // Wait until the test process is really gone (reaped), not just signalled.
        let _ = self.status.recv_timeout(Duration::from_secs(5));
        self.collect(outcome)
    }
}
