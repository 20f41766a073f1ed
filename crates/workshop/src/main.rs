//! `cargo workshop`: the course runner.
//!
//! Learners see where they are, check their exercise (or let watch mode check it on every
//! save), take hints, reset, and compare with the reference; instructors verify the whole
//! course and collect reports. Run `cargo workshop help` for the commands.
//!
//! # Layout
//!
//! The runner is grouped by what it does; each folder's `mod.rs` says what is in it.
//!
//! - `main.rs`: starts the runner, hands the command line to [`cli`], and reports an error.
//! - [`cli`]: the command line. One table of commands makes the usage text, each command's
//!   `--help`, the flags each accepts, and the dispatch to the module that does the work.
//! - [`model`]: the course as the runner sees it: chapters and exercises discovered from the
//!   directory tree (`course`). Below it, the `course-model` crate (shared with the book
//!   check and these tests) finds the root from any directory inside the course (`root`),
//!   walks directories (`walk`), and keeps `shipped`, the manifest of the files the course
//!   shipped, so a learner's changes can be told apart.
//! - [`pipeline`]: checking one exercise. `check` builds its tests (`testrun`), runs each in a
//!   process of its own with a time limit, reads libtest's output (`libtest`), explains known
//!   failures in the course's terms (`diagnose`, by the rules of `explanations.toml` that
//!   `explanations` reads), checks the pass against the shipped tests (`tamper`) and renders
//!   the verdict (`show`). Nothing here prints: a verdict is a value.
//! - [`learner`]: the learner's commands (status, `list`, `next`, `hint`, `reset`,
//!   `solution`, watch mode) and the progress file they share.
//! - [`instructor`]: `verify`, `report` (and `report --class`), `bundle`, `book` (and
//!   `--serve`), `doctor`, and the authors' `dev new` and `dev sync` (`authoring`).
//! - [`console`]: the terminal and the processes around the runner: colour, raw keys,
//!   Ctrl-C, the process groups of every child, noticing saves, wall-clock time.
//!
//! Dependencies point one way: `cli` calls the commands; `learner` and `instructor` use
//! `pipeline`, which uses `model` and `console`; none of those three uses a command, and
//! `model` uses nothing else in the crate but `cli::suggest` (for a mistyped exercise ID).

mod cli;
mod console;
mod instructor;
mod learner;
mod model;
mod pipeline;

use std::process::ExitCode;

// Every module is also named at the crate root, so that a path says what a thing is
// (`crate::course::Course`, `crate::check::check`) and the folder says where it lives.
use cli::suggest;
use console::{children, clock, filewatch, keys, signals, terminal, ui};
use course_model::{git, root, shipped};
use instructor::{authoring, book, bundle, class, doctor, report, serve, verify};
use learner::{checked, hints, progress, reset, solution, status, watch};
use model::course;
use pipeline::{check, diagnose, diff, explanations, libtest, show, tamper, testrun};

fn main() -> ExitCode {
    signals::install();
    let result = cli::run(std::env::args().skip(1));
    signals::stop_here_if_stopping();
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", ui::red("error:"));
            ExitCode::from(2)
        }
    }
}
