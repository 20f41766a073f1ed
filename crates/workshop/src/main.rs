//! `cargo workshop`: the course runner.
//!
//! Learners see where they are, check their exercise (or let watch mode check it on every
//! save), take hints, reset, and compare with the reference; instructors verify the whole
//! course and collect reports. Run `cargo workshop help` for the commands.

mod args;
mod book;
mod bundle;
mod check;
mod children;
mod class;
mod clock;
mod course;
mod diagnose;
mod diff;
mod doctor;
mod explanations;
mod filewatch;
mod git;
mod hints;
mod keys;
mod libtest;
mod progress;
mod report;
mod reset;
mod root;
mod serve;
mod sha256;
mod shipped;
mod show;
mod signals;
mod solution;
mod status;
mod tamper;
mod terminal;
mod testrun;
mod ui;
mod verify;
mod watch;

use std::fs;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::args::Args;
use crate::check::Side;
use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::testrun::Limits;

const USAGE: &str = "\
cargo workshop                  in a terminal: watch mode (re-checks on save; keys h l r q);
                                elsewhere: where you are, and the next exercise
cargo workshop watch [ID]       watch mode, also without a terminal (keys a line at a time)
cargo workshop list             every exercise and its state
cargo workshop next             the exercise to do next
cargo workshop check [ID]       check an exercise (default: the one you are in, or on)
    --timeout SECS              stop a test after this long (default 10; WORKSHOP_TEST_TIMEOUT)
    --run-timeout SECS          stop all the tests after this long (default 60;
                                WORKSHOP_RUN_TIMEOUT)
    --solution                  check the reference solution instead
cargo workshop hint [ID]        reveal the next hint
cargo workshop reset ID         restore the stub; your files are backed up first
cargo workshop reset --all      the same for every exercise (asks first; --yes to skip)
cargo workshop solution ID      the reference solution as a diff against yours, once yours
                                passes (--force: before)
cargo workshop report           your progress for an instructor: --format json|junit,
                                --output FILE, --learner NAME; --check (for CI) first
                                checks every exercise you have started
cargo workshop report --class DIR
                                instructors: the learners' JSON reports in DIR as one table,
                                class-report.md and .html (--output NAME for NAME.md/.html)
cargo workshop book             build the book into book/build/
cargo workshop book --serve     serve it on localhost, rebuilding on change (--port N)
cargo workshop bundle DIR       instructors: the course and its vendored crates in DIR, for
                                laptops without network (see DIR/README.md)
cargo workshop doctor           check the toolchain, pre-build dependencies, show disk use
cargo workshop verify           instructors: every solution passes, every stub fails,
                                every page, test file and book listing is in place
cargo workshop help             this text";

fn main() -> ExitCode {
    signals::install();
    let result = run(std::env::args().skip(1));
    signals::stop_here_if_stopping();
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", ui::red("error:"));
            ExitCode::from(2)
        }
    }
}

fn run(raw: impl Iterator<Item = String>) -> Result<ExitCode> {
    let mut args = Args::parse(raw)?;
    let words = args.words.clone();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let words = words.as_slice();
    if matches!(words, ["help"]) || args.switch("help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let root = root::find()?;
    let course = Course::load(&root)?;
    let limits = Limits::from_args(args.value("timeout"), args.value("run-timeout"))?;
    let code = match words {
        [] => {
            let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            args.finish()?;
            if interactive {
                watch::run(
                    course,
                    None,
                    watch::Options {
                        interactive,
                        limits,
                    },
                )?
            } else {
                print!("{}", status::status(&course, &Progress::load(&root)));
                ExitCode::SUCCESS
            }
        }
        ["watch", rest @ ..] => {
            args.finish()?;
            let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            watch::run(
                course,
                rest.first().copied(),
                watch::Options {
                    interactive,
                    limits,
                },
            )?
        }
        ["status"] => {
            args.finish()?;
            print!("{}", status::status(&course, &Progress::load(&root)));
            ExitCode::SUCCESS
        }
        ["list"] => {
            args.finish()?;
            print!("{}", status::list(&course, &Progress::load(&root)));
            ExitCode::SUCCESS
        }
        ["next"] => {
            args.finish()?;
            match status::current(&course, &Progress::load(&root)) {
                Some(exercise) => print!("{}", status::next(exercise)),
                None => println!("Every exercise passes."),
            }
            ExitCode::SUCCESS
        }
        ["check", rest @ ..] => {
            let solution = args.switch("solution");
            args.finish()?;
            let mut progress = Progress::load(&root);
            let Some(exercise) = pick(&course, &progress, rest)? else {
                println!(
                    "Every exercise passes. Name one to check it again: cargo workshop check ID"
                );
                return Ok(ExitCode::SUCCESS);
            };
            if solution {
                let verdict = check::check(&course, exercise, Side::Solution, limits)?;
                print!("{}", show::verdict(exercise, Side::Solution, &verdict));
                exit_code(verdict.passed())
            } else {
                check_exercise(&course, &mut progress, exercise, limits)?
            }
        }
        ["hint", rest @ ..] => {
            args.finish()?;
            let mut progress = Progress::load(&root);
            let Some(exercise) = pick(&course, &progress, rest)? else {
                bail!("every exercise passes; name one: cargo workshop hint ID");
            };
            let text = hints::reveal(exercise, &mut progress);
            progress.save()?;
            print!("{text}");
            ExitCode::SUCCESS
        }
        ["reset", rest @ ..] => {
            let all = args.switch("all");
            let yes = args.switch("yes");
            args.finish()?;
            match (all, rest) {
                (true, []) => reset::run_all(&course, yes)?,
                (false, [id]) => reset::run_one(&course, course.find(id)?)?,
                _ => bail!("name one exercise (cargo workshop reset ID) or use --all"),
            }
        }
        ["solution", id] => {
            let force = args.switch("force");
            args.finish()?;
            let exercise = course.find(id)?;
            if !force && !Progress::load(&root).is_passed(&exercise.id) {
                println!(
                    "The reference solution of `{}` opens once yours passes: cargo workshop \
                     check {}. Stuck? cargo workshop hint {}. (To see it anyway: cargo \
                     workshop solution {} --force.)",
                    exercise.id, exercise.id, exercise.id, exercise.id
                );
                return Ok(ExitCode::FAILURE);
            }
            print!("{}", solution::render(&course, exercise)?);
            ExitCode::SUCCESS
        }
        ["report"] => {
            if let Some(dir) = args.value("class") {
                let stem = class::output_stem(args.value("output").as_deref());
                args.finish()?;
                class::run(&course, std::path::Path::new(&dir), &stem)?;
                return Ok(ExitCode::SUCCESS);
            }
            let format =
                report::Format::parse(&args.value("format").unwrap_or_else(|| "json".into()))?;
            let output = args.value("output");
            let learner = args
                .value("learner")
                .unwrap_or_else(|| report::default_learner(&root));
            let check_first = args.switch("check");
            args.finish()?;
            let mut progress = Progress::load(&root);
            if check_first {
                report::check_started(&course, &mut progress, limits)?;
            }
            let text = report::render(&course, &progress, &learner, format)?;
            match output {
                Some(path) => {
                    fs::write(&path, text).with_context(|| format!("writing {path}"))?;
                    eprintln!("Wrote {path}");
                }
                None => print!("{text}"),
            }
            ExitCode::SUCCESS
        }
        ["book"] => {
            let serve = args.switch("serve");
            let port = args
                .value("port")
                .map(|p| {
                    p.parse::<u16>()
                        .with_context(|| format!("`{p}` is not a port number"))
                })
                .transpose()?;
            args.finish()?;
            if serve {
                serve::serve(&root, port)?;
            } else {
                let out = root.join("book/build");
                book::build(&root, &out)?;
                println!("The book is in {}", out.join("index.html").display());
            }
            ExitCode::SUCCESS
        }
        ["bundle", dir] => {
            args.finish()?;
            bundle::run(&course, std::path::Path::new(dir))?;
            ExitCode::SUCCESS
        }
        ["doctor"] => {
            args.finish()?;
            exit_code(doctor::run(&course)?)
        }
        ["verify"] => {
            args.finish()?;
            let problems = verify::run(&course, limits)?;
            exit_code(problems == 0)
        }
        _ => bail!("unknown command `{}`.\n\n{USAGE}", words.join(" ")),
    };
    Ok(code)
}

/// The exercise a command is about: the one named, else the one whose directory we are in,
/// else the current one (`None` once every exercise passes).
fn pick<'c>(
    course: &'c Course,
    progress: &Progress,
    words: &[&str],
) -> Result<Option<&'c Exercise>> {
    match words {
        [id] => Ok(Some(course.find(id)?)),
        [] => {
            let here = std::env::current_dir()
                .ok()
                .and_then(|dir| course.exercise_at(&dir));
            Ok(here.or_else(|| status::current(course, progress)))
        }
        _ => bail!("expected one exercise ID, got `{}`", words.join(" ")),
    }
}

fn check_exercise(
    course: &Course,
    progress: &mut Progress,
    exercise: &Exercise,
    limits: Limits,
) -> Result<ExitCode> {
    let verdict = check::check(course, exercise, Side::Exercise, limits)?;
    let changes = tamper::changes(course, exercise);
    print!("{}", show::verdict(exercise, Side::Exercise, &verdict));
    if !changes.is_empty() {
        print!("{}", tamper::warning(course, &changes));
    }
    let failure = tamper::failure_line(&verdict, &changes);
    progress.reload();
    progress.record(&exercise.id, failure.as_deref());
    progress.save()?;
    if failure.is_none() {
        println!();
        match status::current(course, progress) {
            Some(next) => print!("{}", status::next(next)),
            None => println!(
                "{}",
                ui::green("That was the last one: every exercise passes.")
            ),
        }
        println!(
            "{}",
            ui::dim(&format!(
                "Compare yours with the reference: cargo workshop solution {}",
                exercise.id
            ))
        );
    }
    Ok(exit_code(failure.is_none()))
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
