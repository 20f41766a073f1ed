//! The warm path of a check: running again the two rustc commands cargo last ran for an
//! exercise, without asking cargo first.
//!
//! After a save only the exercise's library and its test need compiling, and cargo spends
//! about 0.2 s of a 0.65 s check finding that out again (it reads and resolves the whole
//! workspace, then checks the fingerprint of every crate in it). So when cargo compiles an
//! exercise, the runner keeps what cargo ran (`cargo -vv` prints each rustc command with its
//! environment) and a digest of everything cargo's decision rests on besides the exercise's
//! own sources. The next check of that exercise, if the digest is the same, runs those two
//! commands itself: the same compiler, flags, inputs and output files, so the same test binary
//! cargo would have produced, about a third faster.
//!
//! The digest covers the workspace's path, the whole environment, the compiler, every crate
//! the two commands link (each file's length and modification time), every `*.rs`, `*.toml`
//! and `Cargo.lock` in the course except the exercise's own sources, and the cargo and
//! toolchain settings files above it. Any difference, an unreadable file, a build script or
//! a target directory cargo holds (another `cargo test` running) sends the check through cargo
//! as before, which records the commands again. What it does not see: files outside the
//! course that a dependency's build script reads, and the system's C linker and libraries.
//!
//! A replay does not update cargo's own records, so the next plain `cargo test` compiles the
//! exercise once more (its two crates, never a registry crate): the price of cargo never
//! trusting something it did not build.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::{Binary, Build, CompilerMessage, Failed, target_dir};
use crate::children;
use crate::signals;

/// What a check of one exercise replays: the library's command, then the test's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Recipe {
    steps: Vec<Step>,
    /// The test binary the second step writes.
    executable: PathBuf,
    /// [`digest`] when the steps were recorded.
    digest: u64,
}

/// One rustc command as cargo ran it, in the workspace root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Step {
    program: PathBuf,
    args: Vec<String>,
    /// The variables cargo set for it (the rest is inherited, as from cargo).
    env: Vec<(String, String)>,
}

impl Step {
    /// Reads one of `cargo -vv`'s "Running `VAR=value ... rustc args`" lines.
    fn from_running_line(line: &str) -> Option<Step> {
        let command = line.trim().strip_prefix("Running `")?.strip_suffix('`')?;
        let mut words = split_words(command)?.into_iter().peekable();
        let mut env = Vec::new();
        while let Some(word) = words.next_if(|word| is_assignment(word)) {
            let (name, value) = word.split_once('=')?;
            env.push((name.to_owned(), value.to_owned()));
        }
        let program = PathBuf::from(words.next()?);
        Some(Step {
            program,
            args: words.collect(),
            env,
        })
    }

    /// The value of the first `flag value` or `flag=value` argument.
    fn arg(&self, flag: &str) -> Option<&str> {
        let mut args = self.args.iter();
        while let Some(arg) = args.next() {
            if arg == flag {
                return args.next().map(String::as_str);
            }
            if let Some(value) = arg.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
                return Some(value);
            }
        }
        None
    }

    /// The value of a `-C name=value` codegen option.
    fn codegen(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}=");
        self.args
            .windows(2)
            .find(|pair| pair[0] == "-C" && pair[1].starts_with(&prefix))
            .map(|pair| &pair[1][prefix.len()..])
    }

    fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn crate_name(&self) -> Option<&str> {
        self.arg("--crate-name")
    }

    fn is_test(&self) -> bool {
        self.args.iter().any(|arg| arg == "--test")
    }

    /// The files of the crates it links (`--extern name=path`), with their crate names.
    fn externs(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.args
            .windows(2)
            .filter(|pair| pair[0] == "--extern")
            .filter_map(|pair| pair[1].split_once('='))
            .map(|(name, path)| (name, Path::new(path)))
    }

    /// The dep-info file rustc writes beside the output: every source file it read.
    fn dep_info(&self) -> Option<PathBuf> {
        let out_dir = self.arg("--out-dir")?;
        let name = format!(
            "{}{}.d",
            self.crate_name()?,
            self.codegen("extra-filename")?
        );
        Some(Path::new(out_dir).join(name))
    }
}

/// `NAME=value`, where NAME is an environment variable's name.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Splits a command line into words the way a POSIX shell does for the quoting cargo uses:
/// `'single quotes'` and backslash escapes. `None` if a quote is left open.
fn split_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\'' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next()?),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Some(words)
}

/// Where the recipe of `package` is kept: in the target directory, so `cargo clean` removes it.
fn recipe_path(root: &Path, package: &str) -> PathBuf {
    target_dir(root)
        .join("workshop-replay")
        .join(format!("{package}.json"))
}

/// Drops the recipe of `package`: cargo is about to build it, and records it again.
pub fn forget(root: &Path, package: &str) {
    let _ = fs::remove_file(recipe_path(root, package));
}

/// Keeps the commands of a cargo build that compiled both the library and the test of
/// `package` (from `cargo -vv`'s "Running" lines), if they are the kind a replay can repeat.
pub fn remember(root: &Path, package: &str, running_lines: &[String], executable: &Path) {
    if !cfg!(unix) {
        // cargo quotes the commands it prints for the platform's shell; only the POSIX
        // quoting is read here.
        return;
    }
    let steps: Vec<Step> = running_lines
        .iter()
        .filter_map(|line| Step::from_running_line(line))
        .filter(|step| step.var("CARGO_PKG_NAME") == Some(package))
        .collect();
    let [library, test] = steps.as_slice() else {
        return;
    };
    let repeatable = !library.is_test()
        && test.is_test()
        && test.externs().any(|(name, _)| Some(name) == library.crate_name())
        // A build script's output feeds the command; cargo alone knows when to run it again.
        && steps.iter().all(|step| step.var("OUT_DIR").is_none())
        && test.arg("--out-dir").map(Path::new).zip(executable.parent()).is_some_and(
            |(out_dir, parent)| out_dir == parent,
        );
    if !repeatable {
        return;
    }
    let Some(digest) = digest(root, &steps) else {
        return;
    };
    let recipe = Recipe {
        steps,
        executable: executable.to_owned(),
        digest,
    };
    let path = recipe_path(root, package);
    if let Some(dir) = path.parent()
        && fs::create_dir_all(dir).is_ok()
        && let Ok(text) = serde_json::to_string(&recipe)
    {
        // Written whole, then renamed: a check interrupted here leaves no half a recipe.
        let partial = path.with_extension("json.partial");
        if fs::write(&partial, text).is_ok() {
            let _ = fs::rename(&partial, &path);
        }
    }
}

/// Builds the tests of `package` by replaying its recipe, if it has one and nothing it rests
/// on changed; `None` when the build must go through cargo.
pub fn rebuild(root: &Path, package: &str) -> Result<Option<Build>> {
    let Ok(text) = fs::read_to_string(recipe_path(root, package)) else {
        return Ok(None);
    };
    let Ok(recipe) = serde_json::from_str::<Recipe>(&text) else {
        return Ok(None);
    };
    if digest(root, &recipe.steps) != Some(recipe.digest) {
        return Ok(None);
    }
    // cargo holds this lock while it builds; if another cargo is building, wait for it the
    // usual way (through cargo) rather than writing the same files at the same time.
    let Some(_lock) = recipe
        .executable
        .parent()
        .and_then(Path::parent)
        .and_then(|profile| File::open(profile.join(".cargo-lock")).ok())
        .filter(|lock| lock.try_lock().is_ok())
    else {
        return Ok(None);
    };
    let mut messages = Vec::new();
    for step in &recipe.steps {
        let outcome = run_step(root, step)?;
        let failed = !outcome.success;
        messages.extend(outcome.messages);
        if failed {
            let diagnostics = failure_text(step, package, &messages, &outcome.other_output);
            return Ok(Some(Build::Failed(Failed {
                diagnostics,
                messages,
            })));
        }
    }
    Ok(Some(Build::Built(Binary {
        executable: recipe.executable,
        messages,
        compiled: recipe.steps.len(),
    })))
}

struct StepOutcome {
    success: bool,
    messages: Vec<CompilerMessage>,
    /// What rustc printed that was not a JSON message (an internal compiler error's text).
    other_output: String,
}

fn run_step(root: &Path, step: &Step) -> Result<StepOutcome> {
    let mut command = Command::new(&step.program);
    command
        .args(&step.args)
        .envs(step.env.iter().map(|(name, value)| (name, value)))
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let (mut child, _registered) = children::spawn(&mut command)?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let manifest_path = step.var("CARGO_MANIFEST_PATH").unwrap_or_default();
    let mut messages = Vec::new();
    let mut other_output = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(message) if message["$message_type"] == "diagnostic" => {
                if let Some(message) = diagnostic(manifest_path, message) {
                    messages.push(message);
                }
            }
            // Artifact notices and future-incompatibility reports: cargo's business.
            Ok(_) => {}
            Err(_) => {
                other_output.push_str(&line);
                other_output.push('\n');
            }
        }
    }
    let status = child.wait().context("waiting for rustc")?;
    signals::stop_here_if_stopping();
    Ok(StepOutcome {
        success: status.success(),
        messages,
        other_output,
    })
}

/// One of rustc's JSON diagnostics as cargo would have passed it on: cargo's envelope around
/// it, colour taken out, and rustc's closing counts ("aborting due to ...") left out.
fn diagnostic(manifest_path: &str, mut message: serde_json::Value) -> Option<CompilerMessage> {
    let text = message["message"].as_str().unwrap_or_default();
    if text.starts_with("aborting due to")
        || text.ends_with("warning emitted")
        || text.ends_with("warnings emitted")
    {
        return None;
    }
    if let Some(rendered) = message["rendered"].as_str() {
        message["rendered"] = strip_colour(rendered).into();
    }
    let envelope = serde_json::json!({
        "reason": "compiler-message",
        "manifest_path": manifest_path,
        "message": message,
    });
    CompilerMessage::parse(&envelope.to_string())
}

/// Takes out ANSI escape sequences (`ESC [ ... letter`): cargo passes rustc
/// `--json=diagnostic-rendered-ansi` and strips the colour itself for JSON output.
fn strip_colour(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// What a failed replay shows: what cargo's failed build shows, rustc's messages (the most
/// telling error first) and cargo's closing line.
fn failure_text(
    step: &Step,
    package: &str,
    messages: &[CompilerMessage],
    other_output: &str,
) -> String {
    let mut shown: Vec<&CompilerMessage> = messages.iter().collect();
    shown.sort_by_key(|m| m.rank());
    let mut text: String = shown
        .iter()
        .filter(|m| !m.rendered.is_empty())
        .map(|m| format!("{}\n\n", m.rendered.trim_end()))
        .collect();
    text.push_str(other_output);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = messages.iter().filter(|m| m.level == "error").count();
    let warnings = messages.iter().filter(|m| m.level == "warning").count();
    let target = match step.crate_name() {
        Some(name) if step.is_test() => format!("test \"{name}\""),
        _ => "lib".to_owned(),
    };
    text.push_str(&format!(
        "error: could not compile `{package}` ({target}) due to {}",
        plural(errors, "previous error")
    ));
    if warnings > 0 {
        text.push_str(&format!("; {} emitted", plural(warnings, "warning")));
    }
    text.push('\n');
    text
}

/// A digest of everything the recipe's steps rest on besides the exercise's own sources (see
/// the module's first comment). `None` if something cannot be read.
fn digest(root: &Path, steps: &[Step]) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    root.hash(&mut hasher);
    let mut environment: Vec<(String, String)> = std::env::vars_os()
        .map(|(name, value)| {
            (
                name.to_string_lossy().into_owned(),
                value.to_string_lossy().into_owned(),
            )
        })
        // The shell's record of the last command and directory say nothing about the build.
        .filter(|(name, _)| name != "_" && name != "OLDPWD")
        .collect();
    environment.sort();
    environment.hash(&mut hasher);

    let own_crates: BTreeSet<&str> = steps.iter().filter_map(Step::crate_name).collect();
    let mut own_sources = BTreeSet::new();
    for step in steps {
        step.hash(&mut hasher);
        stamp(&step.program).hash(&mut hasher);
        for (name, path) in step.externs() {
            if !own_crates.contains(name) {
                path.hash(&mut hasher);
                stamp(path)?.hash(&mut hasher);
            }
        }
        own_sources.extend(sources_in_dep_info(root, &step.dep_info()?)?);
    }

    let target = target_dir(root);
    let mut files = Vec::new();
    course_inputs(root, &target, &mut files).ok()?;
    files.sort();
    for file in files.iter().filter(|file| !own_sources.contains(*file)) {
        file.hash(&mut hasher);
        stamp(file)?.hash(&mut hasher);
    }
    // cargo's and rustup's settings above the course, and in cargo's home.
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let settings_dirs = root.ancestors().skip(1).map(Path::to_path_buf);
    for dir in settings_dirs {
        for name in [
            ".cargo/config.toml",
            ".cargo/config",
            "rust-toolchain.toml",
            "rust-toolchain",
        ] {
            stamp(&dir.join(name)).hash(&mut hasher);
        }
    }
    if let Some(home) = cargo_home {
        stamp(&home.join("config.toml")).hash(&mut hasher);
        stamp(&home.join("config")).hash(&mut hasher);
    }
    Some(hasher.finish())
}

/// A file's length and modification time, `None` if it does not exist or cannot be read.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let metadata = fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((metadata.len(), modified.as_nanos()))
}

/// The course's files cargo or rustc may read: every `*.rs`, `*.toml` and `*.lock`, and the
/// extension-less `rust-toolchain` and `.cargo/config`, outside the target directory and the
/// hidden folders other than `.cargo`.
fn course_inputs(dir: &Path, target: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            let hidden = name.starts_with('.') && name != ".cargo";
            if !hidden && path != target && name != "target" {
                course_inputs(&path, target, files)?;
            }
        } else if name.ends_with(".rs")
            || name.ends_with(".toml")
            || name.ends_with(".lock")
            || name == "rust-toolchain"
            || name == "config"
        {
            files.push(path);
        }
    }
    Ok(())
}

/// The source files a dep-info file (`target: source source ...` lines, spaces in names
/// escaped with a backslash) lists, as paths under `root`.
fn sources_in_dep_info(root: &Path, dep_info: &Path) -> Option<BTreeSet<PathBuf>> {
    let text = fs::read_to_string(dep_info).ok()?;
    let mut sources = BTreeSet::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let Some((_, inputs)) = line.split_once(": ") else {
            continue;
        };
        let mut word = String::new();
        let mut chars = inputs.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => word.extend(chars.next()),
                ' ' if !word.is_empty() => {
                    sources.insert(root.join(&word));
                    word.clear();
                }
                ' ' => {}
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            sources.insert(root.join(word));
        }
    }
    Some(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNNING: &str = "     Running `CARGO_CRATE_NAME=hello CARGO_MANIFEST_PATH=/c/exercises/hello/Cargo.toml CARGO_PKG_DESCRIPTION='Your first view: it'\\''s JSON.' CARGO_PKG_NAME=hello /tc/bin/rustc --crate-name hello --edition=2024 exercises/hello/../../tests/hello.rs --error-format=json --test '--deny=clippy::await_holding_lock' -C metadata=47 -C extra-filename=-5010 --out-dir /c/target/debug/deps --extern hello=/c/target/debug/deps/libhello-e6eb.rlib --extern tokio=/c/target/debug/deps/libtokio-4445.rlib`";

    #[test]
    fn reads_a_command_cargo_printed_with_its_environment() {
        let step = Step::from_running_line(RUNNING).expect("a command");
        assert_eq!(step.program, Path::new("/tc/bin/rustc"));
        assert_eq!(step.var("CARGO_PKG_NAME"), Some("hello"));
        assert_eq!(
            step.var("CARGO_PKG_DESCRIPTION"),
            Some("Your first view: it's JSON.")
        );
        assert_eq!(step.crate_name(), Some("hello"));
        assert!(step.is_test());
        assert!(
            step.args
                .contains(&"--deny=clippy::await_holding_lock".to_owned())
        );
        assert_eq!(
            step.dep_info(),
            Some(PathBuf::from("/c/target/debug/deps/hello-5010.d"))
        );
        let externs: Vec<&str> = step.externs().map(|(name, _)| name).collect();
        assert_eq!(externs, ["hello", "tokio"]);
    }

    #[test]
    fn other_lines_and_open_quotes_are_not_commands() {
        assert_eq!(Step::from_running_line("   Compiling hello v0.1.0"), None);
        assert_eq!(Step::from_running_line("     Running `rustc 'open`"), None);
        assert_eq!(
            split_words("a 'b c'd e\\ f"),
            Some(vec!["a".into(), "b cd".into(), "e f".into()])
        );
    }

    #[test]
    fn colour_is_taken_out_of_rendered_messages() {
        let rendered = "\u{1b}[0m\u{1b}[1m\u{1b}[38;5;9merror[E0308]\u{1b}[0m: mismatched types";
        assert_eq!(strip_colour(rendered), "error[E0308]: mismatched types");
    }

    #[test]
    fn rustc_closing_counts_are_left_out_like_cargo_does() {
        let aborting = serde_json::json!({"$message_type": "diagnostic", "message": "aborting due to 1 previous error", "level": "error", "spans": [], "children": []});
        assert_eq!(diagnostic("/c/Cargo.toml", aborting), None);
        let error = serde_json::json!({"$message_type": "diagnostic", "message": "mismatched types", "level": "error", "code": {"code": "E0308"}, "spans": [], "children": [], "rendered": "\u{1b}[1merror\u{1b}[0m: mismatched types\n"});
        let message = diagnostic("/c/exercises/hello/Cargo.toml", error).expect("a message");
        assert_eq!(message.code.as_deref(), Some("E0308"));
        assert_eq!(message.rendered, "error: mismatched types\n");
        assert!(message.is_about(Path::new("exercises/hello")));
    }

    /// A course on disk with one exercise whose recorded commands read `src/lib.rs` and link
    /// one dependency: the digest must ignore the exercise's sources and see everything else.
    #[test]
    fn the_digest_ignores_the_exercise_sources_and_sees_what_cargo_decides_from() {
        let root = std::env::temp_dir().join(format!("workshop-replay-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let deps = root.join("target/debug/deps");
        fs::create_dir_all(&deps).unwrap();
        fs::create_dir_all(root.join("exercises/hello/src")).unwrap();
        fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
        fs::write(root.join("exercises/hello/Cargo.toml"), "[package]\n").unwrap();
        fs::write(root.join("exercises/hello/src/lib.rs"), "pub fn a() {}\n").unwrap();
        fs::write(deps.join("libdep-1.rlib"), "dep").unwrap();
        fs::write(
            deps.join("hello-2.d"),
            format!(
                "{}: exercises/hello/src/lib.rs\n\nexercises/hello/src/lib.rs:\n",
                deps.join("hello-2.d").display()
            ),
        )
        .unwrap();
        let step = Step {
            program: PathBuf::from("/bin/sh"),
            args: [
                "--crate-name",
                "hello",
                "-C",
                "extra-filename=-2",
                "--out-dir",
            ]
            .map(String::from)
            .into_iter()
            .chain([deps.display().to_string(), "--extern".into()])
            .chain([format!("dep={}", deps.join("libdep-1.rlib").display())])
            .collect(),
            env: vec![],
        };
        let steps = [step];
        let first = digest(&root, &steps).expect("a digest");

        let later = |path: &Path| {
            let file = File::options().write(true).open(path).unwrap();
            file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
                .unwrap();
        };
        later(&root.join("exercises/hello/src/lib.rs"));
        assert_eq!(
            digest(&root, &steps),
            Some(first),
            "the learner's own source"
        );

        later(&root.join("exercises/hello/Cargo.toml"));
        let after_manifest = digest(&root, &steps).expect("a digest");
        assert_ne!(after_manifest, first, "the exercise's Cargo.toml");

        later(&deps.join("libdep-1.rlib"));
        assert_ne!(
            digest(&root, &steps),
            Some(after_manifest),
            "a dependency rebuilt"
        );

        fs::remove_file(deps.join("libdep-1.rlib")).unwrap();
        assert_eq!(digest(&root, &steps), None, "a dependency gone");
        let _ = fs::remove_dir_all(&root);
    }
}
