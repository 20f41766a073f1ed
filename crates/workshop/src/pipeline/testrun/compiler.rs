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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompilerMessage {
    /// The `Cargo.toml` of the package the message is about.
    pub manifest_path: PathBuf,
    /// `error`, `warning`, `note`, ...
    pub level: String,
    /// The lint or error code: `unused_must_use`, `E0308`.
    pub code: Option<String>,
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
            message: Option<Message>,
        }
        #[derive(Deserialize)]
        struct Message {
            level: String,
            code: Option<Code>,
            rendered: Option<String>,
        }
        #[derive(Deserialize)]
        struct Code {
            code: String,
        }
        let line: Line = serde_json::from_str(line).ok()?;
        if line.reason != "compiler-message" {
            return None;
        }
        let message = line.message?;
        Some(CompilerMessage {
            manifest_path: line.manifest_path,
            level: message.level,
            code: message.code.map(|c| c.code),
            rendered: message.rendered.unwrap_or_default(),
        })
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

    const UNUSED_FUTURE: &str = r#"{"reason":"compiler-message","package_id":"path+file:///course/exercises/03-many-services/01-shared-client#shared-client@0.1.0","manifest_path":"/course/exercises/03-many-services/01-shared-client/Cargo.toml","target":{"kind":["lib"],"name":"shared_client"},"message":{"rendered":"warning: unused implementer of `Future` that must be used\n  = note: futures do nothing unless you `.await` or poll them\n","$message_type":"diagnostic","children":[],"code":{"code":"unused_must_use","explanation":null},"level":"warning","message":"unused implementer of `Future` that must be used","spans":[]}}"#;

    #[test]
    fn reads_a_warning_and_whose_it_is() {
        let message = CompilerMessage::parse(UNUSED_FUTURE).expect("a compiler message");
        assert_eq!(message.level, "warning");
        assert_eq!(message.code.as_deref(), Some("unused_must_use"));
        assert!(message.rendered.contains("futures do nothing"));
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
    fn style_lints_do_not_teach() {
        let message = CompilerMessage {
            manifest_path: PathBuf::from("/x/Cargo.toml"),
            level: "warning".to_owned(),
            code: Some("non_snake_case".to_owned()),
            rendered: String::new(),
        };
        assert!(!message.teaches());
    }
}
