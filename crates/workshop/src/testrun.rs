//! Building one package's test binary and running it.
//!
//! Building and running are separate steps on purpose: the build goes through cargo (so only
//! that package and its test are recompiled), while the run is ours, with a time limit, the
//! environment a check needs (`INSTA_UPDATE=no`) and the output captured for the verdict.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// What building a package's tests produced.
pub enum Build {
    /// The test binary for the `[[test]]` target named `test_name`.
    Built(PathBuf),
    /// Compilation failed; the text is cargo's rendered diagnostics.
    Failed(String),
}

/// Builds the tests of `package` (without running them) and returns the binary of its
/// `[[test]]` target `test_name`.
pub fn build(root: &Path, package: &str, test_name: &str) -> Result<Build> {
    let mut command = cargo(root);
    command.args([
        "test",
        "--no-run",
        "--package",
        package,
        "--test",
        test_name,
        "--message-format=json-render-diagnostics",
    ]);
    let output = run_cargo_collecting(command)?;
    let executable = output
        .artifacts
        .into_iter()
        .find(|a| a.target.name == test_name && a.target.kind.iter().any(|k| k == "test"))
        .and_then(|a| a.executable);
    match (output.success, executable) {
        (true, Some(executable)) => Ok(Build::Built(executable)),
        (true, None) => bail!("cargo built `{package}` but reported no test binary `{test_name}`"),
        (false, _) => Ok(Build::Failed(output.diagnostics)),
    }
}

/// Builds the tests of several packages in one cargo run and returns each package's test
/// binaries. Fails (with cargo's diagnostics) if any of them does not compile.
pub fn build_many(root: &Path, packages: &[String]) -> Result<Result<Vec<Artifact>, String>> {
    let mut command = cargo(root);
    command.args([
        "test",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
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

fn cargo(root: &Path) -> Command {
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
}

#[derive(Debug, Deserialize)]
pub struct ArtifactTarget {
    pub name: String,
    pub kind: Vec<String>,
}

struct CargoOutput {
    success: bool,
    artifacts: Vec<Artifact>,
    diagnostics: String,
}

/// Runs cargo, echoing its progress lines (`Compiling ...`: a first build takes minutes and
/// must not look hung) and collecting its diagnostics and artifacts.
fn run_cargo_collecting(mut command: Command) -> Result<CargoOutput> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting cargo")?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");

    // cargo writes rendered diagnostics and progress to stderr, JSON messages to stdout.
    let diagnostics = thread::spawn(move || {
        let mut collected = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let is_progress = is_progress_line(&line);
            if is_progress {
                eprintln!("{line}");
            }
            if !is_progress && !is_noise_line(&line) {
                collected.push_str(&line);
                collected.push('\n');
            }
        }
        collected
    });
    let mut artifacts = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        #[derive(Deserialize)]
        struct Message {
            reason: String,
        }
        if let Ok(Message { reason }) = serde_json::from_str(&line)
            && reason == "compiler-artifact"
            && let Ok(artifact) = serde_json::from_str::<Artifact>(&line)
        {
            artifacts.push(artifact);
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    let diagnostics = diagnostics.join().unwrap_or_default();
    Ok(CargoOutput {
        success: status.success(),
        artifacts,
        diagnostics,
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

/// Cargo's closing lines: not worth showing, not a diagnostic either.
fn is_noise_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("Finished ") || trimmed.starts_with("Executable ")
}

/// The raw result of running a test binary.
pub struct Run {
    pub output: String,
    pub success: bool,
    /// True when the run hit its time limit and was killed.
    pub timed_out: bool,
    pub elapsed: Duration,
}

/// Runs a test binary the way a check must: no snapshot is ever written, and the whole run is
/// killed if it exceeds `limit`.
pub fn run(executable: &Path, package_dir: &Path, root: &Path, limit: Duration) -> Result<Run> {
    let started = Instant::now();
    let mut command = Command::new(executable);
    command
        .current_dir(package_dir)
        .env("INSTA_UPDATE", "no")
        .env("INSTA_WORKSPACE_ROOT", root)
        .env("CARGO_MANIFEST_DIR", package_dir)
        .env("RUST_BACKTRACE", "0")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("INSTA_FORCE_UPDATE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // A group of its own, so a timeout can kill anything the tests started too.
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {}", executable.display()))?;
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr is piped"));

    let (success, timed_out) = wait_with_limit(&mut child, limit)?;
    let mut output = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !stderr.trim().is_empty() {
        output.push_str("\n[stderr]\n");
        output.push_str(&stderr);
    }
    Ok(Run {
        output,
        success,
        timed_out,
        elapsed: started.elapsed(),
    })
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child`, killing its whole process group after `limit`.
fn wait_with_limit(child: &mut Child, limit: Duration) -> Result<(bool, bool)> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status.success(), false));
        }
        if Instant::now() >= deadline {
            kill_group(child);
            let _ = child.wait();
            return Ok((false, true));
        }
        thread::sleep(Duration::from_millis(10));
    }
}

fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    {
        let group = format!("-{}", child.id());
        let killed = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if killed {
            return;
        }
    }
    let _ = child.kill();
}
