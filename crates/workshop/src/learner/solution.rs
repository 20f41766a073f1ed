//! `cargo workshop solution ID`: the reference solution as a diff against the learner's code.
//!
//! Only after the exercise passes (or with `--force`): reading the answer first teaches less
//! than the hints do, and a diff after passing shows what the reference does differently.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::fs;

use anyhow::Result;

use crate::course::{Course, Exercise};
use crate::diff;
use crate::progress::Progress;
use crate::reset::slash_path;
use crate::shipped;
use crate::ui;

/// Whether the reference solution opens: the learner's last check of it counted as a pass.
/// One policy for `cargo workshop solution` and watch mode's `s`.
pub fn opens(progress: &Progress, exercise: &Exercise) -> bool {
    progress.is_passed(&exercise.id)
}

/// What to say instead while it does not open.
pub fn locked(exercise: &Exercise) -> String {
    format!(
        "The reference solution of `{id}` opens once yours passes (to see it anyway: cargo \
         workshop solution {id} --force).",
        id = exercise.id
    )
}

/// The diff of every source file, learner's (`-`) to reference (`+`).
pub fn render(course: &Course, exercise: &Exercise) -> Result<String> {
    let mine = format!("{}/src", slash_path(&exercise.dir));
    let reference = format!("{}/src", slash_path(&exercise.solution_dir));
    let relative = |base: &str, files: Vec<String>| -> BTreeSet<String> {
        files
            .into_iter()
            .filter_map(|f| f.strip_prefix(&format!("{base}/")).map(str::to_owned))
            .collect()
    };
    let mut names = relative(&mine, shipped::files_under(&course.root, &mine)?);
    names.extend(relative(
        &reference,
        shipped::files_under(&course.root, &reference)?,
    ));

    let mut out = String::new();
    let mut same = Vec::new();
    for name in names {
        let old_path = format!("{mine}/{name}");
        let new_path = format!("{reference}/{name}");
        let old = fs::read_to_string(course.root.join(&old_path)).unwrap_or_default();
        let new =
            without_anchors(&fs::read_to_string(course.root.join(&new_path)).unwrap_or_default());
        match diff::unified(
            &old,
            &new,
            &format!("{old_path} (yours)"),
            &format!("{new_path} (reference)"),
            3,
        ) {
            Some(text) => {
                let _ = writeln!(out, "{}", colour(&text));
            }
            None => same.push(name),
        }
    }
    if out.is_empty() {
        let _ = writeln!(out, "Your code is the same as the reference solution.");
    } else if !same.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            ui::dim(&format!("Same as yours: {}", same.join(", ")))
        );
    }
    Ok(out)
}

/// The reference without the `// ANCHOR:` markers the book cuts its listings by: they are
/// not part of the answer.
fn without_anchors(source: &str) -> String {
    crate::verify::provided::without_anchor_markers(source)
}

fn colour(diff: &str) -> String {
    diff.lines()
        .map(|line| {
            if line.starts_with("+++") || line.starts_with("---") {
                ui::bold(line)
            } else if line.starts_with('+') {
                ui::green(line)
            } else if line.starts_with('-') {
                ui::red(line)
            } else if line.starts_with("@@") {
                ui::dim(line)
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
