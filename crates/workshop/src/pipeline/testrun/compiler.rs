//! cargo's JSON `compiler-message`s: rustc's diagnostics, each with its level, lint and the
//! package it is about.
//!
//! Reading them as data (rather than cargo's rendered text on stderr) lets a check keep the
//! warnings of a build that succeeded: a future never awaited, a `Result` dropped, a deprecated
//! API. Those compile, and are often the very reason a test then fails, so they are shown with
//! the failing verdict. cargo replays a fresh package's cached messages, so the warnings come
//! back on every check, not only on the build that produced them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The lints whose warnings usually explain a failing test in this course.
const TEACHING_LINTS: [&str; 5] = [
    // "futures do nothing unless you `.await` or poll them", an unused `Result`.
    "unused_must_use",
    "deprecated",
    // A value computed and never used: often a permit or a guard dropped too early, or a
    // result that was meant to be returned.
    "unused_variables",
    "unused_assignments",
    "unreachable_code",
];

/// One diagnostic rustc gave about one package.
///
/// Besides rustc's rendered text (what the learner reads), it keeps the parts the course's
/// explanation rules match on (`explanations.toml`), as data: the code, the message, the notes
/// and the spans. An example diagnostic in that file is read into this same shape.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompilerMessage {
    /// The `Cargo.toml` of the package the message is about.
    pub manifest_path: PathBuf,
    /// `error`, `warning`, `note`, ...
    pub level: String,
    /// The lint or error code: `unused_must_use`, `E0308`.
    pub code: Option<String>,
    /// rustc's one-line message: "unused implementer of `Future` that must be used".
    pub message: String,
    /// The messages of its notes and helps: "futures do nothing unless you `.await` ...".
    pub notes: Vec<String>,
    /// The labels of its spans and of its notes' spans: "has type `Rc<u8>` which is not `Send`".
    pub labels: Vec<String>,
    /// The files its spans point into, as rustc names them.
    pub files: Vec<String>,
    /// Where it is: `file:line` of its primary span.
    pub primary: Option<String>,
    /// rustc's text, as it would print it (without colour).
    pub rendered: String,
}

impl CompilerMessage {
    /// Reads one line of cargo's JSON output, if it is a `compiler-message`.
    pub fn parse(line: &str) -> Option<CompilerMessage> {
        #[derive(Deserialize)]
        struct Line {
            reason: String,
            #[serde(default)]
            manifest_path: PathBuf,
            message: Option<Diagnostic>,
        }
        #[derive(Deserialize)]
        struct Diagnostic {
            level: String,
            #[serde(default)]
            message: String,
            code: Option<Code>,
            #[serde(default)]
            spans: Vec<Span>,
            #[serde(default)]
            children: Vec<Diagnostic>,
            rendered: Option<String>,
        }
        #[derive(Deserialize)]
        struct Code {
            code: String,
        }
        #[derive(Deserialize)]
        struct Span {
            #[serde(default)]
            file_name: String,
            label: Option<String>,
            #[serde(default)]
            is_primary: bool,
            #[serde(default)]
            line_start: u32,
        }
        let line: Line = serde_json::from_str(line).ok()?;
        if line.reason != "compiler-message" {
            return None;
        }
        let message = line.message?;
        let primary = message
            .spans
            .iter()
            .find(|s| s.is_primary)
            .map(|s| format!("{}:{}", s.file_name, s.line_start));
        let spans = message
            .spans
            .iter()
            .chain(message.children.iter().flat_map(|child| &child.spans));
        let mut labels = Vec::new();
        let mut files = Vec::new();
        for span in spans {
            labels.extend(span.label.clone());
            if !span.file_name.is_empty() && !files.contains(&span.file_name) {
                files.push(span.file_name.clone());
            }
        }
        Some(CompilerMessage {
            manifest_path: line.manifest_path,
            level: message.level,
            code: message.code.map(|c| c.code),
            message: message.message,
            notes: message.children.into_iter().map(|c| c.message).collect(),
            labels,
            files,
            primary,
            rendered: message.rendered.unwrap_or_default(),
        })
    }

    /// What explanation rules search: the message, its notes and its labels, one a line.
    pub fn text(&self) -> String {
        [&self.message]
            .into_iter()
            .chain(&self.notes)
            .chain(&self.labels)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Where this message goes when a failed build is shown: lower first. axum's "Handler is
    /// not implemented" error comes before the one that names its cause ("future cannot be
    /// sent between threads safely", from `#[debug_handler]`), so that one goes to the front;
    /// errors with a code, then other errors; warnings last, after every error.
    pub fn rank(&self) -> u8 {
        match self.level.as_str() {
            "error"
                if self
                    .message
                    .contains("cannot be sent between threads safely") =>
            {
                0
            }
            "error" if self.code.is_some() => 1,
            "error" => 2,
            _ => 3,
        }
    }

    /// Whether this is a warning worth showing beside a failing test.
    pub fn teaches(&self) -> bool {
        self.level == "warning"
            && self
                .code
                .as_deref()
                .is_some_and(|code| TEACHING_LINTS.contains(&code))
    }

    /// Whether the message is about the package in `package_dir` (relative to the root, or
    /// absolute).
    pub fn is_about(&self, package_dir: &Path) -> bool {
        self.manifest_path
            .parent()
            .is_some_and(|dir| dir.ends_with(package_dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNUSED_FUTURE: &str = r#"{"reason":"compiler-message","package_id":"path+file:///course/exercises/03-many-services/01-shared-client#shared-client@0.1.0","manifest_path":"/course/exercises/03-many-services/01-shared-client/Cargo.toml","target":{"kind":["lib"],"name":"shared_client"},"message":{"rendered":"warning: unused implementer of `Future` that must be used\n  = note: futures do nothing unless you `.await` or poll them\n","$message_type":"diagnostic","children":[{"children":[],"code":null,"level":"note","message":"futures do nothing unless you `.await` or poll them","rendered":null,"spans":[]}],"code":{"code":"unused_must_use","explanation":null},"level":"warning","message":"unused implementer of `Future` that must be used","spans":[{"file_name":"src/lib.rs","byte_start":1,"byte_end":9,"line_start":40,"line_end":40,"column_start":5,"column_end":30,"is_primary":true,"label":null,"text":[]}]}}"#;

    #[test]
    fn reads_a_warning_and_whose_it_is() {
        let message = CompilerMessage::parse(UNUSED_FUTURE).expect("a compiler message");
        assert_eq!(message.level, "warning");
        assert_eq!(message.code.as_deref(), Some("unused_must_use"));
        assert!(message.rendered.contains("futures do nothing"));
        assert_eq!(
            message.message,
            "unused implementer of `Future` that must be used"
        );
        assert_eq!(
            message.notes,
            ["futures do nothing unless you `.await` or poll them"]
        );
        assert_eq!(message.files, ["src/lib.rs"]);
        assert_eq!(message.primary.as_deref(), Some("src/lib.rs:40"));
        assert!(message.text().contains("futures do nothing"));
        assert!(message.teaches());
        assert!(message.is_about(Path::new("exercises/03-many-services/01-shared-client")));
        assert!(!message.is_about(Path::new("solutions/03-many-services/01-shared-client")));
    }

    #[test]
    fn other_lines_are_not_messages() {
        let artifact = r#"{"reason":"compiler-artifact","target":{"name":"x","kind":["lib"]}}"#;
        assert_eq!(CompilerMessage::parse(artifact), None);
        assert_eq!(CompilerMessage::parse("not json"), None);
    }

    #[test]
    fn errors_that_name_the_cause_rank_first_and_warnings_last() {
        let message = |level: &str, code: Option<&str>, text: &str| CompilerMessage {
            level: level.to_owned(),
            code: code.map(str::to_owned),
            message: text.to_owned(),
            ..CompilerMessage::default()
        };
        let mut messages = [
            message("warning", Some("unused_imports"), "unused import"),
            message("error", None, "aborting due to 2 previous errors"),
            message(
                "error",
                Some("E0277"),
                "the trait bound `fn() {post}: Handler<_, _>` is not satisfied",
            ),
            message(
                "error",
                None,
                "future cannot be sent between threads safely",
            ),
        ];
        messages.sort_by_key(CompilerMessage::rank);
        let order: Vec<&str> = messages.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(
            order,
            [
                "future cannot be sent between threads safely",
                "the trait bound `fn() {post}: Handler<_, _>` is not satisfied",
                "aborting due to 2 previous errors",
                "unused import",
            ]
        );
    }

    #[test]
    fn style_lints_do_not_teach() {
        let message = CompilerMessage {
            manifest_path: PathBuf::from("/x/Cargo.toml"),
            level: "warning".to_owned(),
            code: Some("non_snake_case".to_owned()),
            ..CompilerMessage::default()
        };
        assert!(!message.teaches());
    }
}
