//! `cargo workshop dev ...`: the course author's tools.
//!
//! - `dev new <chapter> <name>` writes a new exercise wired the way `verify` wants (`new`);
//! - `dev sync [--check]` copies provided code from the solutions to the stubs
//!   (`verify::provided` says what provided code is).

use std::process::ExitCode;

use anyhow::Result;

use crate::course::Course;
use crate::ui;
use crate::verify::provided::{self, DriftKind};

pub mod new;

/// `cargo workshop dev new CHAPTER NAME`.
pub fn new_exercise(course: &Course, chapter: &str, name: &str) -> Result<ExitCode> {
    let plan = new::plan(course, chapter, name)?;
    let problems = new::write(course, &plan)?;
    println!(
        "Created the exercise `{}` at the end of {}:",
        plan.id, plan.chapter
    );
    for (path, _) in plan.files.iter().chain(&plan.edits) {
        println!("  {}", path.display());
    }
    if !plan
        .edits
        .iter()
        .any(|(path, _)| path.as_os_str() == "Cargo.toml")
    {
        println!("  (the workspace's member globs already take in both packages)");
    }
    if !problems.is_empty() {
        println!(
            "{} verify's structure and listing checks found problems with it:",
            ui::red("x")
        );
        for problem in &problems {
            println!("  - {problem}");
        }
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{} verify's structure and listing checks accept it.",
        ui::green("ok")
    );
    println!(
        "\nNext: `cargo workshop check {id} --solution` passes and `cargo workshop check {id}` \
         fails. Then make it the exercise you mean (STYLE.md says how tests, messages and \
         pages are written here), and run `cargo workshop verify`, which also records the new \
         stub in shipped.sha256. The code in {dir} is a starting point, not the exercise.",
        id = plan.id,
        dir = plan.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo workshop dev sync [--check]`.
pub fn sync(course: &Course, check: bool) -> Result<ExitCode> {
    let synced = provided::sync(course, check)?;
    for drift in &synced.changed {
        let what = match (drift.kind, check) {
            (DriftKind::Differs, true) => format!("differs from {}", drift.solution),
            (DriftKind::Differs, false) => format!("copied from {}", drift.solution),
            (_, true) => "has anchor markers".to_owned(),
            (_, false) => "anchor markers removed".to_owned(),
        };
        println!("  {} {what}", drift.stub);
    }
    for drift in &synced.left {
        println!("  {} {}", ui::red("x"), drift.describe());
    }
    let clean = synced.changed.is_empty() && synced.left.is_empty();
    if clean {
        println!("Every provided stub file is its solution's copy.");
    } else if check && !synced.changed.is_empty() {
        println!(
            "{} stub file(s) out of step: `cargo workshop dev sync` fixes them.",
            synced.changed.len()
        );
    } else if !synced.changed.is_empty() {
        println!(
            "Synced {} stub file(s): run `cargo workshop verify` to check the pages still \
             include what they did, and commit shipped.sha256 with them.",
            synced.changed.len()
        );
    }
    Ok(
        if synced.left.is_empty() && (!check || synced.changed.is_empty()) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}
