//! The course's explanations of known failures, as data: `crates/workshop/explanations.toml`.
//!
//! Instructors read and extend that file, not this code. This module reads it (compiled into
//! the runner, so a check never depends on where the course lives), finds the first rule that
//! matches a panic message or one of rustc's diagnostics, and checks the file for `verify`:
//! each rule's page exists, and each rule's own example is explained by that rule.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::testrun::CompilerMessage;

/// The rules file, as shipped. Its path is what `verify` names in its problems.
pub const PATH: &str = "crates/workshop/explanations.toml";
const SHIPPED: &str = include_str!("../../explanations.toml");

/// Every rule, in the file's order: the first that matches speaks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub panic: Vec<PanicRule>,
    #[serde(default)]
    pub compile: Vec<CompileRule>,
}

/// What a text must hold for a rule to match it. A rule needs `starts_with` or `contains`.
/// (Each rule keeps these as its own fields: serde cannot refuse unknown fields through a
/// flattened struct, and a typo must not silently match everything.)
#[derive(Debug, Clone, Copy)]
pub struct Needles<'a> {
    /// The text starts with one of these.
    pub starts_with: &'a [String],
    /// The text contains one of these.
    pub contains: &'a [String],
    /// The text also contains every one of these.
    pub and_contains: &'a [String],
}

impl Needles<'_> {
    fn is_empty(&self) -> bool {
        self.starts_with.is_empty() && self.contains.is_empty()
    }

    fn match_text(&self, text: &str) -> bool {
        !self.is_empty()
            && (self.starts_with.is_empty()
                || self.starts_with.iter().any(|n| text.starts_with(&**n)))
            && (self.contains.is_empty() || self.contains.iter().any(|n| text.contains(&**n)))
            && self.and_contains.iter().all(|n| text.contains(&**n))
    }
}

/// A rule for the message of the panic that failed a test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanicRule {
    pub id: String,
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    #[serde(default)]
    pub and_contains: Vec<String>,
    /// A page to read besides the exercise's own, relative to the course root.
    pub page: Option<String>,
    /// What to say; may hold `{place}` and `{blocked_for}`.
    pub say: String,
    /// A panic message this rule must explain.
    pub example: String,
}

/// A rule for one of rustc's diagnostics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileRule {
    pub id: String,
    /// `error` or `warning`.
    pub level: String,
    /// One of these error codes or lint names, if given.
    #[serde(default)]
    pub code: Vec<String>,
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    #[serde(default)]
    pub and_contains: Vec<String>,
    /// One of the diagnostic's spans is in a file whose path contains this, if given.
    pub span_file: Option<String>,
    /// A page to read, relative to the course root.
    pub page: Option<String>,
    pub say: String,
    /// A diagnostic this rule must explain.
    pub example: CompilerMessage,
}

/// The needles of a rule, borrowed.
macro_rules! needles {
    ($rule:expr) => {
        Needles {
            starts_with: &$rule.starts_with,
            contains: &$rule.contains,
            and_contains: &$rule.and_contains,
        }
    };
}

impl PanicRule {
    pub fn matches(&self, message: &str) -> bool {
        needles!(self).match_text(message)
    }
}

impl CompileRule {
    pub fn matches(&self, message: &CompilerMessage) -> bool {
        message.level == self.level
            && (self.code.is_empty()
                || message
                    .code
                    .as_deref()
                    .is_some_and(|code| self.code.iter().any(|c| c == code)))
            && self
                .span_file
                .as_deref()
                .is_none_or(|file| message.files.iter().any(|f| f.contains(file)))
            && needles!(self).match_text(&message.text())
    }

    /// What to say, with its page when it names one.
    pub fn saying(&self) -> String {
        match &self.page {
            Some(page) => format!("{} (Read {page}.)", self.say),
            None => self.say.clone(),
        }
    }
}

impl Rules {
    /// The rules the runner ships with. The file is checked by the unit tests below, so a
    /// broken one never leaves the instructor's machine.
    pub fn shipped() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| match Rules::parse(SHIPPED) {
            Ok(rules) => rules,
            Err(error) => panic!("{PATH} does not parse: {error}"),
        })
    }

    pub fn parse(text: &str) -> Result<Rules, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The first panic rule that matches `message`.
    pub fn for_panic(&self, message: &str) -> Option<&PanicRule> {
        self.panic.iter().find(|r| r.matches(message))
    }

    /// The first error rule that matches any of a failed build's errors, in the file's order:
    /// a rule written earlier wins even when its error comes later in rustc's output.
    pub fn for_errors(&self, messages: &[CompilerMessage]) -> Option<&CompileRule> {
        self.compile
            .iter()
            .filter(|r| r.level == "error")
            .find(|r| messages.iter().any(|m| r.matches(m)))
    }

    /// The first warning rule that matches this warning.
    pub fn for_warning(&self, message: &CompilerMessage) -> Option<&CompileRule> {
        self.compile
            .iter()
            .filter(|r| r.level == "warning")
            .find(|r| r.matches(message))
    }

    /// What is wrong with the rules, one problem a line: a missing page, a rule that matches
    /// nothing or whose example another rule explains first, two rules with one id.
    /// `page_exists` says whether a page (relative to the course root) is there.
    pub fn problems(&self, page_exists: impl Fn(&str) -> bool) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids: Vec<String> = Vec::new();
        let mut check_common = |id: &str, page: Option<&str>, needles: Needles<'_>| {
            if ids.iter().any(|seen| seen == id) {
                problems.push(format!("{PATH}: two rules are called `{id}`"));
            }
            ids.push(id.to_owned());
            if let Some(page) = page
                && !page_exists(page)
            {
                problems.push(format!(
                    "{PATH}: rule `{id}` links {page}, which does not exist"
                ));
            }
            if needles.is_empty() {
                problems.push(format!(
                    "{PATH}: rule `{id}` has neither `starts_with` nor `contains`"
                ));
            }
        };
        for rule in &self.panic {
            check_common(&rule.id, rule.page.as_deref(), needles!(rule));
        }
        for rule in &self.compile {
            check_common(&rule.id, rule.page.as_deref(), needles!(rule));
        }
        for rule in &self.panic {
            let chosen = self.for_panic(&rule.example).map(|r| r.id.as_str());
            if chosen != Some(rule.id.as_str()) {
                problems.push(example_problem(&rule.id, chosen));
            }
        }
        for rule in &self.compile {
            if rule.level != "error" && rule.level != "warning" {
                problems.push(format!(
                    "{PATH}: rule `{}` has level `{}`; it must be `error` or `warning`",
                    rule.id, rule.level
                ));
                continue;
            }
            let example = std::slice::from_ref(&rule.example);
            let chosen = match rule.level.as_str() {
                "error" => self.for_errors(example),
                _ => self.for_warning(&rule.example),
            };
            let chosen = chosen.map(|r| r.id.as_str());
            if chosen != Some(rule.id.as_str()) {
                problems.push(example_problem(&rule.id, chosen));
            }
        }
        problems
    }
}

fn example_problem(id: &str, chosen: Option<&str>) -> String {
    match chosen {
        None => format!("{PATH}: rule `{id}` does not match its own example"),
        Some(other) => format!(
            "{PATH}: the example of rule `{id}` is explained by `{other}`, written before it: \
             `{id}` can never speak; move it up or narrow `{other}`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_each_example_is_explained_by_its_own_rule() {
        let rules = Rules::shipped();
        assert!(rules.panic.len() >= 10 && rules.compile.len() >= 8);
        // Pages are checked by `verify`, against the course it runs in.
        let problems = rules.problems(|_| true);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_rule_shadowed_by_an_earlier_one_or_matching_nothing_is_a_problem() {
        let rules = Rules::parse(
            r#"
            [[panic]]
            id = "broad"
            contains = ["runtime"]
            page = "book/src/missing.md"
            say = "a"
            example = "no runtime"

            [[panic]]
            id = "narrow"
            contains = ["no runtime here"]
            say = "b"
            example = "no runtime here"

            [[compile]]
            id = "never"
            level = "warning"
            code = ["deprecated"]
            contains = ["use of deprecated"]
            say = "c"
            [compile.example]
            level = "warning"
            code = "unused_must_use"
            message = "use of deprecated function"
            "#,
        )
        .expect("parses");
        let problems = rules.problems(|page| page != "book/src/missing.md");
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(
            problems[0].contains("links book/src/missing.md"),
            "{problems:#?}"
        );
        assert!(
            problems[1].contains("explained by `broad`"),
            "{problems:#?}"
        );
        assert!(
            problems[2].contains("`never` does not match"),
            "{problems:#?}"
        );
    }

    #[test]
    fn unknown_fields_are_refused_so_a_typo_does_not_silently_match_everything() {
        let error = Rules::parse(
            "[[panic]]\nid = \"x\"\ncontain = [\"a\"]\nsay = \"s\"\nexample = \"a\"\n",
        )
        .expect_err("a typo");
        assert!(error.contains("contain"), "{error}");
    }

    #[test]
    fn compile_rules_match_codes_levels_and_span_files() {
        let rules = Rules::parse(
            r#"
            [[compile]]
            id = "in-tests"
            level = "error"
            code = ["E0308"]
            contains = ["mismatched types"]
            span_file = "tests/"
            say = "s"
            [compile.example]
            level = "error"
            code = "E0308"
            message = "mismatched types"
            files = ["tests/hello.rs"]
            "#,
        )
        .expect("parses");
        let rule = &rules.compile[0];
        let mut message = rule.example.clone();
        assert!(rule.matches(&message));
        message.files = vec!["src/lib.rs".to_owned()];
        assert!(!rule.matches(&message), "another file");
        let mut message = rule.example.clone();
        message.code = Some("E0277".to_owned());
        assert!(!rule.matches(&message), "another code");
        let mut message = rule.example.clone();
        message.level = "warning".to_owned();
        assert!(!rule.matches(&message), "a warning");
    }
}
