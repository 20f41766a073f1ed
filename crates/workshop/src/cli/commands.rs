//! The commands: one table that the usage text, each command's `--help`, the flags a command
//! accepts (and which of them take a value) and the dispatch are all made from, so none of
//! them can drift from the others. Each command's function only reads its flags and calls the
//! module that does the work.

use std::fs;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::check::{self, Side};
use crate::checked;
use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::{
    authoring, book, bundle, class, doctor, hints, report, reset, serve, show, solution, status,
};
use crate::{verify, watch};

use super::Call;

pub struct Command {
    /// The words after `cargo workshop` (`check`, or two for a group: `dev sync`); empty for
    /// `cargo workshop` alone.
    pub name: &'static str,
    /// What follows the name in the usage line, one word per operand: `ID` is required, `[ID]`
    /// optional (`CHAPTER NAME` takes two).
    pub operands: &'static str,
    /// What it does, for the usage text (lines after the first are indented under it).
    pub summary: &'static str,
    pub flags: &'static [Flag],
    pub run: Run,
}

pub struct Flag {
    pub name: &'static str,
    /// What the value is called (`SECS`), or `None` for a switch.
    pub value: Option<&'static str>,
    pub help: &'static str,
}

pub enum Run {
    /// Needs the course: run from inside it.
    InCourse(fn(Call, Course) -> Result<ExitCode>),
    /// Works anywhere (help).
    Anywhere(fn(Call) -> Result<ExitCode>),
}

/// The flags of every command that runs tests. Only those commands read the environment
/// variables, so a malformed one never breaks `list` or `hint`.
const TIMEOUT: Flag = Flag {
    name: "timeout",
    value: Some("SECS"),
    help: "stop a test after this long (default 10; or WORKSHOP_TEST_TIMEOUT)",
};
const RUN_TIMEOUT: Flag = Flag {
    name: "run-timeout",
    value: Some("SECS"),
    help: "stop all the tests after this long (default 60; or WORKSHOP_RUN_TIMEOUT)",
};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "",
        operands: "",
        summary: "in a terminal: watch mode (re-checks on save; keys h l r q);\n\
                  elsewhere: where you are, and the next exercise",
        flags: &[TIMEOUT, RUN_TIMEOUT],
        run: Run::InCourse(default),
    },
    Command {
        name: "watch",
        operands: "[ID]",
        summary: "watch mode, also without a terminal (keys a line at a time)",
        flags: &[TIMEOUT, RUN_TIMEOUT],
        run: Run::InCourse(watch_mode),
    },
    Command {
        name: "status",
        operands: "",
        summary: "where you are, and the next exercise",
        flags: &[],
        run: Run::InCourse(status_view),
    },
    Command {
        name: "list",
        operands: "",
        summary: "every exercise and its state",
        flags: &[],
        run: Run::InCourse(list),
    },
    Command {
        name: "next",
        operands: "",
        summary: "the exercise to do next",
        flags: &[],
        run: Run::InCourse(next),
    },
    Command {
        name: "check",
        operands: "[ID]",
        summary: "check an exercise (default: the one you are in, or on)",
        flags: &[
            TIMEOUT,
            RUN_TIMEOUT,
            Flag {
                name: "solution",
                value: None,
                help: "check the reference solution instead",
            },
        ],
        run: Run::InCourse(check_command),
    },
    Command {
        name: "hint",
        operands: "[ID]",
        summary: "reveal the next hint",
        flags: &[],
        run: Run::InCourse(hint),
    },
    Command {
        name: "reset",
        operands: "[ID]",
        summary: "restore the stub; your files are backed up first",
        flags: &[
            Flag {
                name: "all",
                value: None,
                help: "every exercise (asks first)",
            },
            Flag {
                name: "yes",
                value: None,
                help: "with --all: do not ask",
            },
        ],
        run: Run::InCourse(reset_command),
    },
    Command {
        name: "solution",
        operands: "ID",
        summary: "the reference solution as a diff against yours, once yours passes",
        flags: &[Flag {
            name: "force",
            value: None,
            help: "show it before yours passes",
        }],
        run: Run::InCourse(solution_command),
    },
    Command {
        name: "report",
        operands: "",
        summary: "your progress for an instructor (JSON or JUnit);\n\
                  instructors: --class DIR makes one table of a class's reports",
        flags: &[
            Flag {
                name: "format",
                value: Some("FORMAT"),
                help: "json (default) or junit",
            },
            Flag {
                name: "output",
                value: Some("FILE"),
                help: "write it to FILE (with --class: NAME.md and NAME.html)",
            },
            Flag {
                name: "learner",
                value: Some("NAME"),
                help: "the name in the report (default: git's user.name)",
            },
            Flag {
                name: "check",
                value: None,
                help: "(for CI) first check every exercise you have started",
            },
            TIMEOUT,
            RUN_TIMEOUT,
            Flag {
                name: "class",
                value: Some("DIR"),
                help: "the learners' JSON reports in DIR as one table, class-report.md and .html",
            },
        ],
        run: Run::InCourse(report_command),
    },
    Command {
        name: "book",
        operands: "",
        summary: "build the book into book/build/",
        flags: &[
            Flag {
                name: "serve",
                value: None,
                help: "serve it on localhost, rebuilding on change",
            },
            Flag {
                name: "port",
                value: Some("N"),
                help: "with --serve: the port (default 3000)",
            },
        ],
        run: Run::InCourse(book_command),
    },
    Command {
        name: "bundle",
        operands: "DIR",
        summary: "instructors: the course and its vendored crates in DIR, for laptops\n\
                  without network (see DIR/README.md)",
        flags: &[],
        run: Run::InCourse(bundle_command),
    },
    Command {
        name: "doctor",
        operands: "",
        summary: "check the toolchain, pre-build dependencies, show disk use",
        flags: &[],
        run: Run::InCourse(doctor_command),
    },
    Command {
        name: "verify",
        operands: "",
        summary: "instructors: every solution passes, every stub fails,\n\
                  every page, test file and book listing is in place",
        flags: &[TIMEOUT, RUN_TIMEOUT],
        run: Run::InCourse(verify_command),
    },
    Command {
        name: "dev new",
        operands: "CHAPTER NAME",
        summary: "authors: a new exercise NAME at the end of CHAPTER (stub, solution,\n\
                  test file, page, hints, SUMMARY.md line), wired the way verify wants",
        flags: &[],
        run: Run::InCourse(dev_new),
    },
    Command {
        name: "dev sync",
        operands: "",
        summary: "authors: copy provided code (stub files without a TODO) from the\n\
                  solutions to the stubs",
        flags: &[Flag {
            name: "check",
            value: None,
            help: "only report the files that differ, and fail if any does",
        }],
        run: Run::InCourse(dev_sync),
    },
    Command {
        name: "help",
        operands: "[COMMAND]",
        summary: "this text, or a command's (also: cargo workshop COMMAND --help)",
        flags: &[],
        run: Run::Anywhere(help),
    },
];

impl Command {
    /// How many operands it takes: (at least, at most).
    pub fn operand_range(&self) -> (usize, usize) {
        let words: Vec<&str> = self.operands.split_whitespace().collect();
        let required = words.iter().filter(|word| !word.starts_with('[')).count();
        (required, words.len())
    }

    pub fn flag(&self, name: &str) -> Option<&'static Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// `cargo workshop check [ID]`.
    pub fn usage_line(&self) -> String {
        ["cargo workshop", self.name, self.operands]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// How to ask for this command's help.
    pub fn help_line(&self) -> String {
        match self.name {
            "" => "cargo workshop --help".to_owned(),
            name => format!("cargo workshop {name} --help"),
        }
    }

    /// `cargo workshop check --help`.
    pub fn help(&self) -> String {
        let mut text = format!("{}\n\n", self.usage_line());
        // The summary as a sentence: capitalised, ending in a full stop.
        let summary: Vec<&str> = self.summary.lines().map(str::trim_start).collect();
        let summary = summary.join(" ");
        let mut letters = summary.chars();
        if let Some(first) = letters.next() {
            text.push_str(&format!("{}{}.\n", first.to_uppercase(), letters.as_str()));
        }
        text.push_str("\nOptions:\n");
        let help = Flag {
            name: "help",
            value: None,
            help: "this text",
        };
        for flag in self.flags.iter().chain([&help]) {
            let left = match flag.value {
                Some(value) => format!("--{} {value}", flag.name),
                None => format!("--{}", flag.name),
            };
            text.push_str(&format!("    {left:<22}{}\n", flag.help));
        }
        text
    }
}

pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|command| command.name == name)
}

/// The command the words start with, and how many words its name took: a two-word name
/// (`dev sync`) before a one-word one.
pub fn find_in(words: &[String]) -> Option<(&'static Command, usize)> {
    if let [first, second, ..] = words
        && let Some(command) = find(&format!("{first} {second}"))
    {
        return Some((command, 2));
    }
    find(words.first().map_or("", String::as_str)).map(|command| (command, words.len().min(1)))
}

/// Every flag name that takes a value, in any command: what the parser needs to know before
/// it knows the command (`--timeout 5 check` has its command after a value).
pub fn takes_value(name: &str) -> bool {
    COMMANDS
        .iter()
        .flat_map(|command| command.flags)
        .any(|flag| flag.name == name && flag.value.is_some())
}

/// `cargo workshop help`: a line per command, from the table.
pub fn usage() -> String {
    const COLUMN: usize = 32;
    let mut text = String::new();
    for command in COMMANDS {
        let usage = command.usage_line();
        let mut lines = command.summary.lines().map(str::trim_start);
        let first = lines.next().unwrap_or("");
        if usage.len() < COLUMN {
            text.push_str(&format!("{usage:<COLUMN$}{first}\n"));
        } else {
            text.push_str(&format!("{usage}\n{:COLUMN$}{first}\n", ""));
        }
        for line in lines {
            text.push_str(&format!("{:COLUMN$}{line}\n", ""));
        }
    }
    text.push_str("\nEach command's options: cargo workshop COMMAND --help\n");
    text
}

fn default(call: Call, course: Course) -> Result<ExitCode> {
    if interactive() {
        watch_mode(call, course)
    } else {
        status_view(call, course)
    }
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn watch_mode(mut call: Call, course: Course) -> Result<ExitCode> {
    let options = watch::Options {
        interactive: interactive(),
        limits: call.limits()?,
    };
    watch::run(course, call.operand(), options)
}

fn status_view(_: Call, course: Course) -> Result<ExitCode> {
    print!("{}", status::status(&course, &Progress::load(&course.root)));
    Ok(ExitCode::SUCCESS)
}

fn list(_: Call, course: Course) -> Result<ExitCode> {
    print!("{}", status::list(&course, &Progress::load(&course.root)));
    Ok(ExitCode::SUCCESS)
}

fn next(_: Call, course: Course) -> Result<ExitCode> {
    match status::current(&course, &Progress::load(&course.root)) {
        Some(exercise) => print!("{}", status::next(exercise)),
        None => println!("Every exercise passes."),
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(mut call: Call, course: Course) -> Result<ExitCode> {
    let solution = call.switch("solution");
    let limits = call.limits()?;
    let mut progress = Progress::load(&course.root);
    let Some(exercise) = pick(&course, &progress, call.operand())? else {
        println!("Every exercise passes. Name one to check it again: cargo workshop check ID");
        return Ok(ExitCode::SUCCESS);
    };
    if solution {
        let verdict = check::check(&course, exercise, Side::Solution, limits)?;
        print!("{}", show::verdict(exercise, Side::Solution, &verdict));
        return Ok(exit_code(verdict.passed()));
    }
    let (verdict, changes) = checked::check(&course, exercise, limits)?;
    let checked = checked::record(&course, &mut progress, exercise, &verdict, &changes);
    print!("{}", checked.text);
    progress.save()?;
    if checked.counts {
        println!();
        match status::current(&course, &progress) {
            Some(next) => print!("{}", status::next(next)),
            None => println!("{}", checked::last_one()),
        }
        println!(
            "{}",
            crate::ui::dim(&format!(
                "Compare yours with the reference: cargo workshop solution {}",
                exercise.id
            ))
        );
    }
    Ok(exit_code(checked.counts))
}

fn hint(call: Call, course: Course) -> Result<ExitCode> {
    let mut progress = Progress::load(&course.root);
    let Some(exercise) = pick(&course, &progress, call.operand())? else {
        bail!("every exercise passes; name one: cargo workshop hint ID");
    };
    let text = hints::reveal(exercise, &mut progress);
    progress.save()?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn reset_command(mut call: Call, course: Course) -> Result<ExitCode> {
    let all = call.switch("all");
    let yes = call.switch("yes");
    match (all, call.operand()) {
        (true, None) => reset::run_all(&course, yes),
        (false, Some(id)) => reset::run_one(&course, course.find(id)?),
        _ => bail!("name one exercise (cargo workshop reset ID) or use --all"),
    }
}

fn solution_command(mut call: Call, course: Course) -> Result<ExitCode> {
    let force = call.switch("force");
    let exercise = course.find(call.operand().unwrap_or_default())?;
    if !force && !solution::opens(&Progress::load(&course.root), exercise) {
        println!(
            "{} Check yours: cargo workshop check {}. Stuck? cargo workshop hint {}.",
            solution::locked(exercise),
            exercise.id,
            exercise.id
        );
        return Ok(ExitCode::FAILURE);
    }
    print!("{}", solution::render(&course, exercise)?);
    Ok(ExitCode::SUCCESS)
}

fn report_command(mut call: Call, course: Course) -> Result<ExitCode> {
    if let Some(dir) = call.value("class") {
        let stem = class::output_stem(call.value("output").as_deref());
        class::run(&course, Path::new(&dir), &stem)?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = report::Format::parse(&call.value("format").unwrap_or_else(|| "json".into()))?;
    let output = call.value("output");
    let learner = call
        .value("learner")
        .unwrap_or_else(|| report::default_learner(&course.root));
    let mut progress = Progress::load(&course.root);
    if call.switch("check") {
        report::check_started(&course, &mut progress, call.limits()?)?;
    }
    let text = report::render(&course, &progress, &learner, format)?;
    match output {
        Some(path) => {
            fs::write(&path, text).with_context(|| format!("writing {path}"))?;
            eprintln!("Wrote {path}");
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn book_command(mut call: Call, course: Course) -> Result<ExitCode> {
    let serve = call.switch("serve");
    let port = call
        .value("port")
        .map(|p| {
            p.parse::<u16>()
                .with_context(|| format!("`{p}` is not a port number"))
        })
        .transpose()?;
    if serve {
        serve::serve(&course.root, port)?;
    } else {
        let out = course.root.join("book/build");
        book::build(&course.root, &out)?;
        println!("The book is in {}", out.join("index.html").display());
    }
    Ok(ExitCode::SUCCESS)
}

fn bundle_command(call: Call, course: Course) -> Result<ExitCode> {
    bundle::run(&course, Path::new(call.operand().unwrap_or_default()))?;
    Ok(ExitCode::SUCCESS)
}

fn doctor_command(_: Call, course: Course) -> Result<ExitCode> {
    Ok(exit_code(doctor::run(&course)?))
}

fn verify_command(mut call: Call, course: Course) -> Result<ExitCode> {
    let problems = verify::run(&course, call.limits()?)?;
    Ok(exit_code(problems == 0))
}

fn dev_new(call: Call, course: Course) -> Result<ExitCode> {
    authoring::new_exercise(&course, &call.operands[0], &call.operands[1])
}

fn dev_sync(mut call: Call, course: Course) -> Result<ExitCode> {
    let check = call.switch("check");
    authoring::sync(&course, check)
}

fn help(call: Call) -> Result<ExitCode> {
    match call.operand() {
        None => print!("{}", usage()),
        Some(name) => print!("{}", super::command_named(name)?.help()),
    }
    Ok(ExitCode::SUCCESS)
}

/// The exercise a command is about: the one named, else the one whose directory we are in,
/// else the current one (`None` once every exercise passes).
fn pick<'c>(
    course: &'c Course,
    progress: &Progress,
    named: Option<&str>,
) -> Result<Option<&'c Exercise>> {
    if let Some(id) = named {
        return Ok(Some(course.find(id)?));
    }
    let here = std::env::current_dir()
        .ok()
        .and_then(|dir| course.exercise_at(&dir));
    Ok(here.or_else(|| status::current(course, progress)))
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_flag_takes_a_value_in_one_command_and_none_in_another() {
        for command in COMMANDS {
            for flag in command.flags {
                assert_eq!(
                    takes_value(flag.name),
                    flag.value.is_some(),
                    "--{} of `{}`",
                    flag.name,
                    command.name
                );
            }
        }
    }

    #[test]
    fn the_usage_has_a_line_for_every_command() {
        let usage = usage();
        for command in COMMANDS {
            assert!(usage.contains(&command.usage_line()), "{}", command.name);
        }
    }

    #[test]
    fn the_command_is_found_from_the_words_and_the_rest_are_operands() {
        let words = |line: &str| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let found = |line: &str| find_in(&words(line)).map(|(c, taken)| (c.name, taken));
        assert_eq!(found(""), Some(("", 0)));
        assert_eq!(found("check x"), Some(("check", 1)));
        assert_eq!(found("chek x"), None);
    }

    #[test]
    fn operands_count_as_written_in_the_usage() {
        let with = |operands| Command {
            name: "x",
            operands,
            summary: "",
            flags: &[],
            run: Run::Anywhere(help),
        };
        assert_eq!(with("").operand_range(), (0, 0));
        assert_eq!(with("[ID]").operand_range(), (0, 1));
        assert_eq!(with("DIR").operand_range(), (1, 1));
        assert_eq!(with("CHAPTER NAME").operand_range(), (2, 2));
    }

    #[test]
    fn only_commands_that_run_tests_take_the_time_limits() {
        let with: Vec<&str> = COMMANDS
            .iter()
            .filter(|command| command.flag("timeout").is_some())
            .map(|command| command.name)
            .collect();
        assert_eq!(with, ["", "watch", "check", "report", "verify"]);
    }
}
