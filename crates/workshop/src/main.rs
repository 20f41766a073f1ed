//! `cargo workshop`: the course runner.
//!
//! Learners see where they are and check their exercise; instructors verify the whole course.
//! Run `cargo workshop help` for the commands.

mod book;
mod check;
mod course;
mod diagnose;
mod libtest;
mod progress;
mod root;
mod show;
mod status;
mod testrun;
mod ui;
mod verify;

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::check::Side;
use crate::course::Course;
use crate::progress::Progress;

const USAGE: &str = "\
cargo workshop                 where you are, and the next exercise
cargo workshop list            every exercise and its state
cargo workshop check [ID]      check an exercise (default: the current one)
cargo workshop hint [ID]       reveal the next hint for an exercise
cargo workshop book            build the book into book/build/ and print where it is
cargo workshop verify          instructors: every solution passes, every stub fails,
                               every page, test file and book listing is in place
cargo workshop help            this text";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", ui::red("error:"));
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(args.as_slice(), ["help" | "--help" | "-h"]) {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let root = root::find()?;
    let course = Course::load(&root)?;
    let mut progress = Progress::load(&root);
    match args.as_slice() {
        [] | ["status"] => {
            status::print_status(&course, &progress);
            Ok(ExitCode::SUCCESS)
        }
        ["list"] => {
            status::print_list(&course, &progress);
            Ok(ExitCode::SUCCESS)
        }
        ["check"] => match status::current(&course, &progress) {
            Some(exercise) => {
                let id = exercise.id.clone();
                check_exercise(&course, &mut progress, &id)
            }
            None => {
                println!(
                    "Every exercise passes. Name one to check it again: cargo workshop check ID"
                );
                Ok(ExitCode::SUCCESS)
            }
        },
        ["check", id] => check_exercise(&course, &mut progress, id),
        ["check", id, "--solution"] => {
            let exercise = course.find(id)?;
            let verdict = check::check(&course, exercise, Side::Solution)?;
            show::verdict(exercise, Side::Solution, &verdict);
            Ok(exit_code(verdict.passed()))
        }
        ["hint"] => match status::current(&course, &progress) {
            Some(exercise) => {
                let id = exercise.id.clone();
                hint(&course, &mut progress, &id)
            }
            None => bail!("every exercise passes; name one: cargo workshop hint ID"),
        },
        ["hint", id] => hint(&course, &mut progress, id),
        ["book"] => {
            let out = root.join("book/build");
            book::build(&root, &out)?;
            println!("The book is in {}", out.join("index.html").display());
            Ok(ExitCode::SUCCESS)
        }
        ["verify"] => {
            let problems = verify::run(&course)?;
            Ok(exit_code(problems == 0))
        }
        _ => bail!("unknown command `{}`.\n\n{USAGE}", args.join(" ")),
    }
}

fn check_exercise(course: &Course, progress: &mut Progress, id: &str) -> Result<ExitCode> {
    let exercise = course.find(id)?;
    let verdict = check::check(course, exercise, Side::Exercise)?;
    show::verdict(exercise, Side::Exercise, &verdict);
    let failure = (!verdict.passed()).then(|| verdict.summary());
    progress.record(&exercise.id, failure.as_deref());
    progress.save()?;
    if verdict.passed() {
        println!();
        match status::current(course, progress) {
            Some(next) => status::print_next(next),
            None => println!(
                "{}",
                ui::green("That was the last one: every exercise passes.")
            ),
        }
    }
    Ok(exit_code(verdict.passed()))
}

/// Reveals one more hint each time it is called, and repeats the ones already seen.
fn hint(course: &Course, progress: &mut Progress, id: &str) -> Result<ExitCode> {
    let exercise = course.find(id)?;
    let total = exercise.hints.len();
    if total == 0 {
        println!(
            "{} has no hints; its page is {}",
            exercise.id,
            exercise.page.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let shown = progress.reveal_hint(&exercise.id, total);
    progress.save()?;
    for (number, text) in exercise.hints.iter().take(shown).enumerate() {
        println!(
            "{} {text}\n",
            ui::bold(&format!("Hint {}/{total}:", number + 1))
        );
    }
    if shown < total {
        println!(
            "{}",
            ui::dim(&format!("Run it again for hint {}.", shown + 1))
        );
    } else {
        println!(
            "{}",
            ui::dim(&format!(
                "That was the last hint. The page: {}",
                exercise.page.display()
            ))
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
