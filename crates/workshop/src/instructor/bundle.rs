//! `cargo workshop bundle DIR`: everything a room without network needs, in one folder to copy
//! onto each laptop (which needs only the Rust toolchain).
//!
//! ```text
//! DIR/README.md             the two commands to start
//! DIR/.cargo/config.toml    crates come from vendor/, and cargo never goes online
//! DIR/vendor/               `cargo vendor` of the course's Cargo.lock
//! DIR/course/               the course as committed (git archive of HEAD), as a git
//!                           repository of one commit, so `reset` finds the stubs
//! ```
//!
//! The source replacement lives beside `course/`, not in the course's own
//! `.cargo/config.toml`: cargo reads the config files of every directory above the one it runs
//! in, so the course stays exactly as shipped (no file differs from git or `shipped.sha256`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::course::Course;

/// The config that makes the bundle's `course/` build from `vendor/` without a network.
/// Relative paths in a config file are relative to the directory that holds `.cargo/`.
pub const CONFIG: &str = "\
# Written by `cargo workshop bundle`: the course's crates come from vendor/ beside it
# (a copy of the crates in course/Cargo.lock), and cargo never tries the network.
[source.crates-io]
replace-with = \"vendored-sources\"

[source.vendored-sources]
directory = \"vendor\"

[net]
offline = true
";

pub fn run(course: &Course, dir: &Path) -> Result<()> {
    let root = &course.root.canonicalize()?;
    let dir = absolute(dir)?;
    if dir.exists() && fs::read_dir(&dir)?.next().is_some() {
        bail!(
            "{} is not empty; give a new or empty directory for the bundle",
            dir.display()
        );
    }
    if dir.starts_with(root) {
        bail!(
            "{} is inside the course; put the bundle outside it (cargo would read both \
             courses' settings)",
            dir.display()
        );
    }
    let top = git_output(root, &["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    if top.and_then(|top| top.canonicalize().ok()).as_ref() != Some(root) {
        bail!(
            "the bundle is the course as committed, and {} is not the top of a git checkout; \
             run it in a clone of the course",
            root.display()
        );
    }
    let commit = git_output(root, &["rev-parse", "--short", "HEAD"])
        .context("the course has no commit to bundle yet")?;
    let course_dir = dir.join("course");
    fs::create_dir_all(&course_dir)
        .with_context(|| format!("creating {}", course_dir.display()))?;
    println!("Copying the course as committed ({commit})...");
    if git_output(root, &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|changes| !changes.trim().is_empty())
    {
        println!(
            "  (uncommitted changes are not in the bundle: commit them first to include them)"
        );
    }
    archive(root, &course_dir)?;
    make_repository(&course_dir)?;

    println!("Vendoring the crates of Cargo.lock (cargo vendor)...");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(["vendor", "--locked", "--quiet"])
        .arg(dir.join("vendor"))
        .current_dir(&course_dir)
        .stdout(Stdio::null())
        .status()
        .context("running cargo vendor")?;
    if !status.success() {
        bail!("cargo vendor failed (it needs the network or every crate in cargo's cache)");
    }
    fs::create_dir_all(dir.join(".cargo"))?;
    fs::write(dir.join(".cargo/config.toml"), CONFIG)?;
    fs::write(
        dir.join("README.md"),
        readme(&course.title, &commit, &rust_version(root)),
    )?;
    println!(
        "The bundle is in {}: copy the whole folder, then follow its README.md.",
        dir.display()
    );
    Ok(())
}

fn readme(title: &str, commit: &str, rust_version: &str) -> String {
    format!(
        "# {title}: the offline bundle\n\n\
         Everything the course needs except the Rust toolchain (rustup, Rust {rust_version} or\n\
         newer): the course (commit {commit}) in `course/`, and every crate it uses in `vendor/`.\n\
         Copy this whole folder onto the laptop, keep `course/` and `vendor/` side by side, and\n\
         start:\n\n\
         ```sh\n\
         cd course\n\
         cargo workshop\n\
         ```\n\n\
         `cargo test` in `course/` runs the tests. Nothing is downloaded: `.cargo/config.toml`\n\
         in this folder points cargo at `vendor/` and keeps it offline. The first build\n\
         compiles the crates once (a few minutes); after that a check takes about a second.\n"
    )
}

/// The course's `rust-version`, for the README ("a recent Rust" if it cannot be read).
fn rust_version(root: &Path) -> String {
    fs::read_to_string(root.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|manifest| {
            Some(
                manifest
                    .get("workspace")?
                    .get("package")?
                    .get("rust-version")?
                    .as_str()?
                    .to_owned(),
            )
        })
        .unwrap_or_else(|| "a recent release".to_owned())
}

/// Extracts `git archive HEAD` into `into`: exactly the tracked files as committed.
fn archive(root: &Path, into: &Path) -> Result<()> {
    let tar_file = into.join(".course.tar");
    let status = Command::new("git")
        .args(["archive", "--format=tar", "-o"])
        .arg(&tar_file)
        .arg("HEAD")
        .current_dir(root)
        .status()
        .context("running git archive")?;
    if !status.success() {
        bail!("git archive failed");
    }
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&tar_file)
        .current_dir(into)
        .status()
        .context("running tar")?;
    fs::remove_file(&tar_file)?;
    if !status.success() {
        bail!("extracting the course's archive failed");
    }
    Ok(())
}

/// Makes the copy a repository of one commit, so `reset` can restore stubs from history.
fn make_repository(dir: &Path) -> Result<()> {
    for args in [
        &["init", "-q"][..],
        &["add", "-A"][..],
        &[
            "commit",
            "-q",
            "-m",
            "The course, as bundled for an offline room",
        ][..],
    ] {
        let status = course_model::git::committing(
            dir,
            "cargo workshop bundle",
            "bundle@workshop.invalid",
            args,
        )
        .context("running git")?;
        if !status.success() {
            bail!("git {} failed in {}", args.join(" "), dir.display());
        }
    }
    Ok(())
}

fn git_output(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `dir` made absolute, with `.` and `..` resolved by name (it need not exist yet), and the
/// part that exists resolved through symbolic links, so it compares with the course root.
fn absolute(dir: &Path) -> Result<PathBuf> {
    use std::path::Component;
    let joined = std::env::current_dir()?.join(dir);
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_owned()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}
