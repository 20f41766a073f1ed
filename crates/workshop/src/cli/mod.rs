//! The command line: `cargo workshop [COMMAND] [OPERAND] [--flags]`, read against the one
//! table of commands in [`commands`].
//!
//! Every command has its own `--help`; a mistyped command, flag or exercise ID gets "did you
//! mean"; a flag is accepted only by the commands it means something to, and a flag given to
//! the wrong command says which commands take it.
//!
//! Written by hand rather than with clap: clap (4.6, derive) adds 11 crates to the learner's
//! first build (clap, clap_builder, clap_derive, clap_lex, anstream, anstyle, anstyle-parse,
//! anstyle-query, colorchoice, is_terminal_polyfill, utf8parse; its syn, heck and strsim are
//! already built), measured on this course's 2-core machine under load as 21.8 s of wall time
//! (median of 3 cold builds: 14.9, 21.8, 24.4 s; an earlier quiet measurement: about 12 s).
//! The table and its parser are some 200 lines, and the suggestions use `strsim`, which
//! mdBook already compiles.

pub mod args;
mod commands;
pub mod suggest;

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::testrun::Limits;
use args::Args;
use commands::{COMMANDS, Command, Run};

/// One command as given: its operands and the flags it was given, already checked against the
/// table (so a command's function never sees a flag it did not declare).
pub struct Call {
    command: &'static Command,
    operands: Vec<String>,
    args: Args,
}

impl Call {
    /// The operand, for commands that take at most one (the table guarantees the count).
    fn operand(&self) -> Option<&str> {
        self.operands.first().map(String::as_str)
    }

    fn switch(&mut self, name: &str) -> bool {
        debug_assert!(self.command.flag(name).is_some(), "undeclared --{name}");
        self.args.switch(name)
    }

    fn value(&mut self, name: &str) -> Option<String> {
        debug_assert!(self.command.flag(name).is_some(), "undeclared --{name}");
        self.args.value(name)
    }

    /// The time limits, from the flags or the environment: called only by commands that run
    /// tests, so only they can fail on a malformed `WORKSHOP_TEST_TIMEOUT`.
    fn limits(&mut self) -> Result<Limits> {
        Limits::from_args(self.value("timeout"), self.value("run-timeout"))
    }
}

/// Runs `cargo workshop` with these arguments (the program name left out).
pub fn run(raw: impl Iterator<Item = String>) -> Result<ExitCode> {
    let mut args = Args::parse(raw, commands::takes_value)?;
    let mut operands = std::mem::take(&mut args.words);
    let command = match commands::find_in(&operands) {
        Some((command, name_words)) => {
            operands.drain(..name_words);
            command
        }
        // Not a command: a group's first word (`dev`) is tried with the next, so `dev snc`
        // suggests `dev sync`.
        None => {
            let is_group = COMMANDS.iter().any(|c| is_in_group(c.name, &operands[0]));
            let words = if is_group { 2 } else { 1 };
            command_named(&operands[..words.min(operands.len())].join(" "))?
        }
    };
    if args.switch("help") {
        match command.name {
            "" | "help" => print!("{}", commands::usage()),
            _ => print!("{}", command.help()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    for flag in args.names() {
        check_flag(command, flag)?;
    }
    let (least, most) = command.operand_range();
    if operands.len() < least || operands.len() > most {
        let got = match operands.as_slice() {
            [] => "nothing".to_owned(),
            words => format!("`{}`", words.join(" ")),
        };
        bail!(
            "`{}` takes {}, got {got}. See `{}`.",
            command.usage_line(),
            match (least, most) {
                (0, 0) => "no operand".to_owned(),
                (_, 1) => format!("one {}", command.operands.trim_matches(['[', ']'])),
                _ => command.operands.to_owned(),
            },
            command.help_line(),
        );
    }
    let call = Call {
        command,
        operands,
        args,
    };
    match command.run {
        Run::Anywhere(run) => run(call),
        Run::InCourse(run) => {
            let root = crate::root::find()?;
            run(call, crate::course::Course::load(&root)?)
        }
    }
}

/// The command called `name`, or an error that suggests the close ones.
fn command_named(name: &str) -> Result<&'static Command> {
    if let Some(command) = commands::find(name) {
        return Ok(command);
    }
    let names = COMMANDS.iter().map(|c| c.name).filter(|n| !n.is_empty());
    let mut close = suggest::closest(name, names);
    if close.is_empty() {
        // `dev` alone: the commands of the group.
        let group = COMMANDS
            .iter()
            .map(|c| c.name)
            .filter(|n| is_in_group(n, name));
        close = group.take(3).collect();
    }
    match close.as_slice() {
        [] => bail!(
            "there is no command `{name}`. The commands:\n\n{}",
            commands::usage()
        ),
        close => bail!(
            "there is no command `{name}`. Did you mean {}? See `cargo workshop help`.",
            quoted(close)
        ),
    }
}

/// Whether `command` is a two-word command whose first word is `group` (`dev sync`, `dev`).
fn is_in_group(command: &str, group: &str) -> bool {
    command
        .strip_prefix(group)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// Fails on a flag this command does not take: a near miss gets a suggestion, and a flag of
/// other commands says which.
fn check_flag(command: &Command, flag: &str) -> Result<()> {
    if command.flag(flag).is_some() {
        return Ok(());
    }
    let this = match command.name {
        "" => "`cargo workshop` alone".to_owned(),
        name => format!("`{name}`"),
    };
    let see = format!("See `{}`.", command.help_line());
    let names = command.flags.iter().map(|f| f.name).chain(["help"]);
    if let close @ [_, ..] = suggest::closest(flag, names).as_slice() {
        let close: Vec<String> = close.iter().map(|name| format!("--{name}")).collect();
        bail!(
            "{this} has no option `--{flag}`. Did you mean {}? {see}",
            quoted(&close)
        );
    }
    let elsewhere: Vec<&str> = COMMANDS
        .iter()
        .filter(|other| other.flag(flag).is_some())
        .map(|other| {
            if other.name.is_empty() {
                "cargo workshop"
            } else {
                other.name
            }
        })
        .collect();
    if elsewhere.is_empty() {
        bail!("{this} has no option `--{flag}`. {see}");
    }
    bail!(
        "`--{flag}` is an option of {}, not of {this}. {see}",
        quoted(&elsewhere)
    )
}

/// `a`, `a` or `b`, `a`, `b` or `c`: in backticks.
fn quoted(words: &[impl AsRef<str>]) -> String {
    let words: Vec<String> = words.iter().map(|w| format!("`{}`", w.as_ref())).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
