//! `cargo workshop` (status), `list` and `next`, rendered as text.

use std::fmt::Write;

use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::ui;

/// The exercise to work on: the first one, in reading order, that has not passed.
pub fn current<'c>(course: &'c Course, progress: &Progress) -> Option<&'c Exercise> {
    course.exercises().find(|e| !progress.is_passed(&e.id))
}

/// The title, how many exercises are done, and a progress bar per chapter.
pub fn progress_bars(course: &Course, progress: &Progress) -> String {
    let mut out = String::new();
    let total = course.exercise_count();
    let done = course
        .exercises()
        .filter(|e| progress.is_passed(&e.id))
        .count();
    let _ = writeln!(
        out,
        "{}  {done}/{total} exercises done\n",
        ui::bold(&course.title)
    );
    let width = course
        .chapters
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    for (number, chapter) in course.chapters.iter().enumerate() {
        let chapter_total = chapter.exercises.len();
        let chapter_done = chapter
            .exercises
            .iter()
            .filter(|e| progress.is_passed(&e.id))
            .count();
        let _ = writeln!(
            out,
            "  {:>2}. {:<width$}  {} {chapter_done}/{chapter_total}",
            number + 1,
            chapter.title,
            ui::bar(chapter_done, chapter_total, 10),
        );
    }
    out
}

/// Progress per chapter and the next exercise, with the exact commands to work on it.
pub fn status(course: &Course, progress: &Progress) -> String {
    let mut out = progress_bars(course, progress);
    out.push('\n');
    match current(course, progress) {
        Some(exercise) => out.push_str(&next(exercise)),
        None => {
            let _ = writeln!(
                out,
                "{} Every exercise passes. `cargo workshop solution ID` compares yours with the \
                 reference.",
                ui::green("Done!")
            );
        }
    }
    out
}

/// What to do next for `exercise`.
pub fn next(exercise: &Exercise) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Next: {} ({})", ui::bold(&exercise.id), exercise.title);
    let _ = writeln!(out, "  read   {}", exercise.page.display());
    let _ = writeln!(out, "  edit   {}", exercise.files_to_edit());
    let _ = writeln!(out, "  check  cargo workshop check {}", exercise.id);
    let _ = writeln!(out, "  hint   cargo workshop hint {}", exercise.id);
    out
}

/// Every exercise with its state.
pub fn list(course: &Course, progress: &Progress) -> String {
    let mut out = String::new();
    let current = current(course, progress).map(|e| e.id.as_str());
    let width = course
        .exercises()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0);
    for (number, chapter) in course.chapters.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}",
            ui::bold(&format!("{}. {}", number + 1, chapter.title))
        );
        for exercise in &chapter.exercises {
            let state = match progress.get(&exercise.id) {
                Some(p) if p.passed => ui::green("done   "),
                Some(p) if p.attempts > 0 => ui::red("failing"),
                _ => ui::dim("todo   "),
            };
            let marker = if Some(exercise.id.as_str()) == current {
                "->"
            } else {
                "  "
            };
            let _ = writeln!(
                out,
                "  {marker} {state}  {:<width$}  {}",
                exercise.id, exercise.title
            );
        }
    }
    out
}
