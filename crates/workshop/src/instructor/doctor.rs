//! `cargo workshop doctor`: is this machine ready for the course?
//!
//! It checks the toolchain against the course's `rust-version`, pre-builds the dependencies
//! (with exactly the feature set `cargo test -p <exercise>` uses, by building the current
//! exercise's tests the way `check` does, and timing it), and reports how much disk the course
//! takes: its files and its builds in `target/`.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::Result;
use serde::Deserialize;

use crate::course::Course;
use crate::progress::Progress;
use crate::shipped::{self, Manifest};
use crate::testrun::{self, Build};
use crate::{git, status, tamper, ui};

/// Runs every check and prints its result; true when nothing is wrong.
pub fn run(course: &Course) -> Result<bool> {
    let root = &course.root;
    let mut healthy = true;

    println!("{}", ui::bold("Toolchain"));
    let required = required_rust_version(root);
    for tool in ["rustc", "cargo"] {
        match tool_version(tool) {
            Some((text, version)) => match &required {
                Some((wanted_text, wanted)) if version < *wanted => {
                    healthy = false;
                    println!(
                        "  {} {text}: the course needs {wanted_text} or newer; run `rustup update`",
                        ui::red("x")
                    );
                }
                _ => println!("  {} {text}", ui::green("ok")),
            },
            None => {
                healthy = false;
                println!(
                    "  {} `{tool}` does not run; install Rust with rustup (https://rustup.rs)",
                    ui::red("x")
                );
            }
        }
    }
    if git::available(root) {
        println!("  {} git", ui::green("ok"));
    } else {
        println!(
            "  {} not a git checkout: `reset` cannot restore stubs",
            ui::dim("--")
        );
    }

    println!("{}", ui::bold("Course files"));
    match Manifest::load(root) {
        Some(manifest) => {
            let changed: Vec<String> = course
                .exercises()
                .flat_map(|e| tamper::changes_against(course, e, &manifest))
                .map(|change| change.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if changed.is_empty() {
                println!("  {} tests and snapshots are as shipped", ui::green("ok"));
            } else {
                healthy = false;
                println!(
                    "  {} changed since shipped, so checks will not count: {}",
                    ui::red("x"),
                    changed.join(", ")
                );
            }
        }
        None => println!(
            "  {} no {}: changed tests cannot be detected",
            ui::dim("--"),
            shipped::FILE_NAME
        ),
    }
    let progress = Progress::load(root);
    println!(
        "  {} progress: {} exercises recorded",
        ui::green("ok"),
        progress.exercises.len()
    );

    println!("{}", ui::bold("Dependencies"));
    let exercise = status::current(course, &progress).or_else(|| course.exercises().next());
    if let Some(exercise) = exercise {
        println!(
            "  building the tests of `{}` the way `check` does (the first time takes minutes)...",
            exercise.id
        );
        let started = Instant::now();
        // Through cargo even when a check could replay (see `testrun::build`): the question
        // here is whether everything is built. The same cargo command as `check`, so a check
        // after this compiles no dependency, and a doctor after a check finds everything built.
        match testrun::build_with_cargo(root, &exercise.id, &exercise.lib_name)? {
            Build::Built(binary) if binary.compiled == 0 => println!(
                "  {} already built (looked in {:.1} s): checks compile only the exercise",
                ui::green("ok"),
                started.elapsed().as_secs_f64()
            ),
            Build::Built(binary) => println!(
                "  {} dependencies built in {:.0} s ({} crates): checks now compile only the exercise",
                ui::green("ok"),
                started.elapsed().as_secs_f64(),
                binary.compiled
            ),
            // A stub always compiles; the learner's code may not, but then every dependency
            // it needs was built before its own crate failed.
            Build::Failed(_) => println!(
                "  {} dependencies built in {:.0} s (`{}` itself does not compile yet)",
                ui::green("ok"),
                started.elapsed().as_secs_f64(),
                exercise.id
            ),
        }
    }

    println!("{}", ui::bold("Disk"));
    let target = testrun::target_dir(root);
    let built = disk_use(&target);
    // The course's own files: everything under the root but the build (and git's history,
    // which a clone brings whatever the course does).
    let files = course_files_use(root, &target);
    println!(
        "  the course takes {}: {} of files and {} of builds in {}",
        human_size(files + built),
        human_size(files),
        human_size(built),
        target.display()
    );
    println!(
        "  `cargo clean` frees the {} (the next check then rebuilds for minutes)",
        human_size(built)
    );
    let mut parts: Vec<(u64, String)> = fs::read_dir(&target)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| {
                    (
                        disk_use(&e.path()),
                        e.file_name().to_string_lossy().into_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    parts.sort_by(|a, b| b.cmp(a));
    for (size, name) in parts.into_iter().take(4) {
        println!("      {:>9}  {name}/", human_size(size));
    }
    println!();
    if healthy {
        println!("{} ready for the course.", ui::green("doctor: OK"));
    } else {
        println!("{} see the x lines above.", ui::red("doctor: problems"));
    }
    Ok(healthy)
}

/// `rust-version` from `[workspace.package]`, as text and as a comparable triple.
fn required_rust_version(root: &Path) -> Option<(String, (u32, u32, u32))> {
    #[derive(Deserialize)]
    struct Root {
        workspace: Workspace,
    }
    #[derive(Deserialize)]
    struct Workspace {
        package: Package,
    }
    #[derive(Deserialize)]
    struct Package {
        #[serde(rename = "rust-version")]
        rust_version: String,
    }
    let text = fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let version = toml::from_str::<Root>(&text)
        .ok()?
        .workspace
        .package
        .rust_version;
    let triple = parse_version(&version)?;
    Some((version, triple))
}

/// `rustc 1.95.0 (59807616e 2026-04-14)` → the text and `(1, 95, 0)`.
fn tool_version(tool: &str) -> Option<(String, (u32, u32, u32))> {
    let program = if tool == "cargo" {
        std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
    } else {
        std::env::var_os("RUSTC").unwrap_or_else(|| tool.into())
    };
    let output = Command::new(program).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let version = parse_version(text.split_whitespace().nth(1)?)?;
    Some((text, version))
}

/// `1.94` or `1.95.0-nightly` → `(1, 94, 0)` / `(1, 95, 0)`.
fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut numbers = text
        .split(['-', '+'])
        .next()?
        .split('.')
        .map(|n| n.parse::<u32>().ok());
    let major = numbers.next()??;
    let minor = numbers.next().flatten().unwrap_or(0);
    let patch = numbers.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

/// The bytes of the course's files under `root`, leaving out `target` and `.git`.
fn course_files_use(root: &Path, target: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(root) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| entry.path() != target && entry.file_name() != ".git")
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => disk_use(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The bytes of every file under `dir`.
fn disk_use(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => disk_use(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse_version("1.94"), Some((1, 94, 0)));
        assert_eq!(parse_version("1.95.0-nightly"), Some((1, 95, 0)));
        assert!(parse_version("1.100.0") > parse_version("1.94"));
        assert_eq!(parse_version("x"), None);
    }

    #[test]
    fn sizes_read_like_du_h() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }
}
