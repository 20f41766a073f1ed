//! The command line split into words and `--flags` (`--name value`, `--name=value`, `--switch`).
//! Which flags take a value comes from the table of commands (see [`super::commands`]).

use std::collections::BTreeMap;

use anyhow::{Result, bail};

#[derive(Debug, Default)]
pub struct Args {
    /// The words that are not flags, in order: the command and its arguments.
    pub words: Vec<String>,
    flags: BTreeMap<String, Option<String>>,
}

impl Args {
    pub fn parse(
        raw: impl IntoIterator<Item = String>,
        takes_value: impl Fn(&str) -> bool,
    ) -> Result<Args> {
        let mut args = Args::default();
        let mut raw = raw.into_iter();
        while let Some(arg) = raw.next() {
            let Some(flag) = arg.strip_prefix("--").or((arg == "-h").then_some("help")) else {
                args.words.push(arg);
                continue;
            };
            let (name, inline_value) = match flag.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (flag.to_owned(), None),
            };
            let value = if takes_value(&name) {
                match inline_value.or_else(|| raw.next()) {
                    Some(value) => Some(value),
                    None => bail!("`--{name}` needs a value"),
                }
            } else if inline_value.is_some() {
                bail!("`--{name}` takes no value");
            } else {
                None
            };
            args.flags.insert(name, value);
        }
        Ok(args)
    }

    /// Whether the switch `--name` was given. Consumes it.
    pub fn switch(&mut self, name: &str) -> bool {
        self.flags.remove(name).is_some()
    }

    /// The value of `--name value`, if given. Consumes it.
    pub fn value(&mut self, name: &str) -> Option<String> {
        self.flags.remove(name).flatten()
    }

    /// The flags given and not consumed yet.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.flags.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valued(name: &str) -> bool {
        ["format", "timeout"].contains(&name)
    }

    fn parse(line: &str) -> Args {
        Args::parse(line.split_whitespace().map(str::to_owned), valued).expect("parses")
    }

    #[test]
    fn separates_words_switches_and_values() {
        let mut args = parse("report --format junit --yes x --timeout=2.5");
        assert_eq!(args.words, ["report", "x"]);
        assert_eq!(args.value("format").as_deref(), Some("junit"));
        assert_eq!(args.value("timeout").as_deref(), Some("2.5"));
        assert!(args.switch("yes"));
        assert!(!args.switch("force"));
        assert_eq!(args.names().count(), 0);
    }

    #[test]
    fn a_value_missing_or_given_to_a_switch_is_an_error() {
        assert!(Args::parse(["--format".to_owned()], valued).is_err());
        assert!(Args::parse(["--yes=1".to_owned()], valued).is_err());
        assert_eq!(parse("check -h").names().collect::<Vec<_>>(), ["help"]);
    }
}
