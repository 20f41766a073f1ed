//! `cargo workshop` (status) and `cargo workshop list`.

use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::ui;

/// The exercise to work on: the first one, in reading order, that has not passed.
pub fn current<'c>(course: &'c Course, progress: &Progress) -> Option<&'c Exercise> {
    course.exercises().find(|e| !progress.is_passed(&e.id))
}

/// Progress per chapter and the next exercise, with the exact commands to work on it.
pub fn print_status(course: &Course, progress: &Progress) {
    let total = course.exercise_count();
    let done = course
        .exercises()
        .filter(|e| progress.is_passed(&e.id))
        .count();
    println!(
        "{}  {done}/{total} exercises done\n",
        ui::bold("Async Rust for Django developers")
    );
    let width = course
        .chapters
        .iter()
        .map(|c| c.title.len())
        .max()
        .unwrap_or(0);
    for (number, chapter) in course.chapters.iter().enumerate() {
        let chapter_total = chapter.exercises.len();
        let chapter_done = chapter
            .exercises
            .iter()
            .filter(|e| progress.is_passed(&e.id))
            .count();
        println!(
            "  {:>2}. {:<width$}  {} {chapter_done}/{chapter_total}",
            number + 1,
            chapter.title,
            ui::bar(chapter_done, chapter_total, 10),
        );
    }
    println!();
    match current(course, progress) {
        Some(exercise) => print_next(exercise),
        None => println!(
            "{} Every exercise passes. `cargo workshop solution ID` compares yours with the \
             reference.",
            ui::green("Done!")
        ),
    }
}

/// What to do next for `exercise`.
pub fn print_next(exercise: &Exercise) {
    println!("Next: {} ({})", ui::bold(&exercise.id), exercise.title);
    println!("  read   {}", exercise.page.display());
    println!("  edit   {}", exercise.source_file().display());
    println!("  check  cargo workshop check {}", exercise.id);
    println!("  hint   cargo workshop hint {}", exercise.id);
}

/// Every exercise with its state.
pub fn print_list(course: &Course, progress: &Progress) {
    let current = current(course, progress).map(|e| e.id.as_str());
    for (number, chapter) in course.chapters.iter().enumerate() {
        println!(
            "{}",
            ui::bold(&format!("{}. {}", number + 1, chapter.title))
        );
        for exercise in &chapter.exercises {
            let state = match progress.get(&exercise.id) {
                Some(p) if p.passed => ui::green("done   "),
                Some(_) => ui::red("failing"),
                None => ui::dim("todo   "),
            };
            let marker = if Some(exercise.id.as_str()) == current {
                "->"
            } else {
                "  "
            };
            println!("  {marker} {state}  {:<22} {}", exercise.id, exercise.title);
        }
    }
}
