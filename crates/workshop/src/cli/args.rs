//! The command line: words and `--flags`, parsed by hand (a dozen flags need no parser crate).

use std::collections::BTreeMap;

use anyhow::{Result, bail};

/// Flags that take a value (`--format json` or `--format=json`); every other flag is a switch.
const VALUED: &[&str] = &[
    "format",
    "output",
    "port",
    "learner",
    "timeout",
    "run-timeout",
    "class",
];

#[derive(Debug, Default)]
pub struct Args {
    /// The words that are not flags, in order: the command and its arguments.
    pub words: Vec<String>,
    flags: BTreeMap<String, Option<String>>,
}

impl Args {
    pub fn parse(raw: impl IntoIterator<Item = String>) -> Result<Args> {
        let mut args = Args::default();
        let mut raw = raw.into_iter();
        while let Some(arg) = raw.next() {
            let Some(flag) = arg.strip_prefix("--") else {
                args.words.push(arg);
                continue;
            };
            let (name, inline_value) = match flag.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (flag.to_owned(), None),
            };
            let value = if VALUED.contains(&name.as_str()) {
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

    /// Fails on a flag no command asked for, so a typo is never silently ignored.
    pub fn finish(&self) -> Result<()> {
        if let Some(name) = self.flags.keys().next() {
            bail!("`--{name}` is not an option of this command; see `cargo workshop help`");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Args {
        Args::parse(line.split_whitespace().map(str::to_owned)).expect("parses")
    }

    #[test]
    fn separates_words_switches_and_values() {
        let mut args = parse("report --format junit --yes x --timeout=2.5");
        assert_eq!(args.words, ["report", "x"]);
        assert_eq!(args.value("format").as_deref(), Some("junit"));
        assert_eq!(args.value("timeout").as_deref(), Some("2.5"));
        assert!(args.switch("yes"));
        assert!(!args.switch("force"));
        assert!(args.finish().is_ok());
    }

    #[test]
    fn unknown_or_misused_flags_are_errors() {
        assert!(parse("check --frce").finish().is_err());
        assert!(Args::parse(["--format".to_owned()]).is_err());
        assert!(Args::parse(["--yes=1".to_owned()]).is_err());
    }
}
