//! Reading a failure and explaining it in the course's terms.
//!
//! A panic message from tokio or axum is accurate but says nothing about what to change. This
//! module finds the panic that failed a test, cuts insta's snapshot diff out of its output, and
//! asks the course's rules (`explanations.toml`, read by `explanations`) what it means: the
//! rules are data instructors extend; what is here is how a test's output is read.

use std::path::Path;

use crate::course::{Course, Exercise};
use crate::explanations::Rules;
use crate::testrun::CompilerMessage;

/// A panic found in a test's output.
#[derive(Debug, PartialEq, Eq)]
pub struct Panic {
    /// The name of the thread that panicked: the test's own thread is named after the test.
    pub thread: String,
    /// `path:line:column` as the panic reported it.
    pub location: String,
    pub message: String,
}

/// The `thread` of the entry [`find_panics`] makes for a test that returned `Err`: libtest
/// prints `Error: {err:?}` on the test's behalf, after everything the test printed.
pub const RETURNED_ERROR: &str = "";

/// Every panic in a test's output, in order: each `thread '..' panicked at LOCATION:` line and
/// the message lines after it (up to libtest's backtrace note, the next panic, or the `Err` the
/// test returned). That `Err` (libtest's `Error: ..` line) is an entry too, with
/// [`RETURNED_ERROR`] as its thread and no location: it ends the test as a panic would.
pub fn find_panics(output: &str) -> Vec<Panic> {
    let mut panics: Vec<Panic> = Vec::new();
    let mut message: Option<Vec<&str>> = None;
    for line in output.lines() {
        if let Some(error) = line.strip_prefix("Error: ") {
            close(&mut panics, message.take());
            panics.push(Panic {
                thread: RETURNED_ERROR.to_owned(),
                location: String::new(),
                message: format!("the test returned `Err`: {}", error.trim()),
            });
        } else if let Some((thread, location)) = panic_line(line) {
            close(&mut panics, message.take());
            panics.push(Panic {
                thread,
                location: tidy_location(&location),
                message: String::new(),
            });
            message = Some(Vec::new());
        } else if line.starts_with("note: run with `RUST_BACKTRACE") {
            close(&mut panics, message.take());
        } else if let Some(lines) = &mut message {
            lines.push(line);
        }
    }
    close(&mut panics, message);
    panics
}

/// `thread 'name' panicked at src/lib.rs:20:5:`; newer Rust adds the thread id:
/// `thread 'name' (8170) panicked at ...`. Gives the thread's name and the location.
fn panic_line(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("thread '")?;
    let (thread, rest) = rest.split_once('\'')?;
    let (_, location) = rest.split_once(" panicked at ")?;
    Some((thread.to_owned(), location.trim_end_matches(':').to_owned()))
}

fn close(panics: &mut [Panic], message: Option<Vec<&str>>) {
    if let (Some(lines), Some(last)) = (message, panics.last_mut()) {
        last.message = lines.join("\n").trim().to_owned();
    }
}

/// The panic that failed the test `test`, and the others, in order.
///
/// What ends a test is the last thing that happens on its own thread (named after the test):
/// a panic that was not caught, or the `Err` it returned. That is the one libtest reports,
/// usually the test's own sentence. Panics before it were caught on purpose (`catch_unwind` or
/// a `JoinError` to show what a runtime without timers does) or happened on other threads (a
/// server, a spawned task): context, not the headline. With nothing on the test's thread (a
/// test harness that names its threads otherwise), the first panic leads.
pub fn failing_panic(test: &str, mut panics: Vec<Panic>) -> Option<(Panic, Vec<Panic>)> {
    if panics.is_empty() {
        return None;
    }
    let own = panics
        .iter()
        .rposition(|p| p.thread == test || p.thread == RETURNED_ERROR)
        .unwrap_or(0);
    let failing = panics.remove(own);
    Some((failing, panics))
}

/// Whether a panic location is in a dependency or the standard library rather than the course.
pub fn is_library_location(location: &str) -> bool {
    location.contains("/.cargo/registry/")
        || location.contains("\\.cargo\\registry\\")
        || location.starts_with("/rustc/")
        || location.contains("/.cargo/git/")
}

/// `solutions/01-x/01-y/../../../tests/y.rs:3:5` → `tests/y.rs:3:5`: test files are reached
/// through `..` from each package, and the learner should see the file's real place.
fn tidy_location(location: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in location.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The phrase the testkit's blocked-runtime detector puts in every failure, followed by the
/// measured duration in ms (a contract with `testkit::blocking`): `{blocked_for}` in a rule.
const BLOCKED_RUNTIME: &str = "blocked the runtime for";

/// Explains a failure the course knows (a rule of `explanations.toml`), or returns `None`.
pub fn explain(
    course: &Course,
    exercise: &Exercise,
    message: &str,
    location: Option<&str>,
) -> Option<String> {
    let rule = Rules::shipped().for_panic(message)?;
    let mut say = rule.say.clone();
    if say.contains("{place}") {
        let place = location
            .and_then(|l| source_line(course, exercise, l))
            .unwrap_or_else(|| format!("{}", exercise.source_file().display()));
        say = say.replace("{place}", &place);
    }
    if say.contains("{blocked_for}") {
        let blocked_for = blocked_duration(message).unwrap_or_else(|| "a while".to_owned());
        say = say.replace("{blocked_for}", &blocked_for);
    }
    Some(format!(
        "{say} {}",
        read_more(course, exercise, rule.page.as_deref())
    ))
}

/// "(Read the page.)", naming `extra` first when the course has that page.
fn read_more(course: &Course, exercise: &Exercise, extra: Option<&str>) -> String {
    let page = exercise.page.display();
    match extra {
        Some(extra) if course.root.join(extra).is_file() && Path::new(extra) != exercise.page => {
            format!("(Read {extra}, and this exercise's page {page}.)")
        }
        _ => format!("(Read {page}.)"),
    }
}

/// `1234 ms` from a message of the testkit's blocked-runtime detector.
fn blocked_duration(message: &str) -> Option<String> {
    let (_, after) = message.split_once(BLOCKED_RUNTIME)?;
    let after = after.trim_start();
    let end = after.find("ms").map_or(after.len(), |i| i + 2);
    let duration = after[..end].trim();
    Some(if duration.is_empty() || duration.len() > 24 {
        "a while".to_owned()
    } else {
        duration.to_owned()
    })
}

/// The snapshot diff insta printed before a failed snapshot assertion, or `None`.
///
/// insta prints it with `println!`, to the test's stdout, which libtest captures and shows in
/// the test's `---- name stdout ----` section, before the panic line. The absolute path of the
/// snapshot file becomes relative to the course root, and insta's advice to run `cargo insta`
/// goes: a learner never updates snapshots.
pub fn snapshot_diff(output: &str, root: &Path) -> Option<String> {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("Snapshot Summary"))
        .or_else(|| lines.iter().position(|l| l.starts_with("Snapshot file:")))?;
    let end = lines[start..]
        .iter()
        .position(|l| l.starts_with("thread '") && l.contains(" panicked at "))
        .map_or(lines.len(), |offset| start + offset);
    let root = root.to_string_lossy();
    let kept: Vec<String> = lines[start..end]
        .iter()
        .filter(|l| !l.starts_with("Stopped on the first failure"))
        .map(|line| match line.strip_prefix("Snapshot file: ") {
            // insta's legend, in the learner's terms.
            _ if *line == "-old snapshot" => "-expected (the snapshot)".to_owned(),
            _ if *line == "+new results" => "+your code's answer".to_owned(),
            Some(path) => {
                let tidy = tidy_location(path);
                let relative = tidy
                    .strip_prefix(&*root)
                    .map_or(tidy.as_str(), |p| p.trim_start_matches('/'));
                format!("Snapshot file: {relative}")
            }
            None => (*line).to_owned(),
        })
        .collect();
    let diff = kept.join("\n").trim_end().to_owned();
    (!diff.is_empty()).then_some(diff)
}

/// Explains a failed build the course knows (a rule of `explanations.toml` matched on rustc's
/// diagnostics as data), or returns `None`. The compiler's own text comes first; this only says
/// which of its errors to read first and what it means.
pub fn explain_compile(messages: &[CompilerMessage]) -> Option<String> {
    Rules::shipped().for_errors(messages).map(|r| r.saying())
}

/// What a teaching warning means for the failing test, or `None`.
pub fn explain_warning(warning: &CompilerMessage) -> Option<String> {
    Rules::shipped().for_warning(warning).map(|r| r.saying())
}

/// `exercises/.../src/lib.rs line 20`, if the panic location is in the learner's crate.
fn source_line(course: &Course, exercise: &Exercise, location: &str) -> Option<String> {
    let mut parts = location.rsplitn(3, ':');
    let _column = parts.next()?;
    let line = parts.next()?;
    let file = parts.next()?;
    let in_exercise = file.starts_with(&*exercise.dir.to_string_lossy())
        || file.starts_with("src/")
        || course
            .root
            .join(file)
            .starts_with(course.path(&exercise.dir));
    in_exercise.then(|| {
        let file = if file.starts_with("src/") {
            exercise.dir.join(file).display().to_string()
        } else {
            file.to_owned()
        };
        format!("{file} line {line}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_panic_location_and_message() {
        let output = "printed first\n\
            thread 'x' (8170) panicked at exercises/01-async-views/01-hello/src/lib.rs:20:5:\n\
            not yet implemented: build the greeting\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace";
        assert_eq!(
            find_panics(output).into_iter().next(),
            Some(Panic {
                thread: "x".to_owned(),
                location: "exercises/01-async-views/01-hello/src/lib.rs:20:5".to_owned(),
                message: "not yet implemented: build the greeting".to_owned(),
            })
        );
    }

    #[test]
    fn the_test_threads_last_panic_fails_it_and_earlier_ones_are_context() {
        // runtime-flavours catches tokio's panic on purpose, then fails with its own sentence.
        let output = "thread 'flavours' (7) panicked at /home/u/.cargo/registry/src/tokio/time.rs:1:1:\n\
            A Tokio 1.x context was found, but timers are disabled.\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
            thread 'tokio-runtime-worker' (8) panicked at src/lib.rs:9:9:\n\
            boom\n\
            thread 'flavours' (7) panicked at tests/runtime_flavours.rs:75:9:\n\
            the runtime cannot sleep: call `.enable_all()`";
        let panics = find_panics(output);
        assert_eq!(panics.len(), 3);
        assert_eq!(panics[1].message, "boom");
        let (failing, earlier) = failing_panic("flavours", panics).expect("a panic");
        assert_eq!(failing.location, "tests/runtime_flavours.rs:75:9");
        assert!(failing.message.contains("enable_all"), "{failing:?}");
        assert_eq!(earlier.len(), 2);
        // A test that fails without panicking itself: the first panic leads.
        let (failing, _) = failing_panic("other", find_panics(output)).expect("a panic");
        assert!(failing.message.starts_with("A Tokio 1.x context"));
    }

    #[test]
    fn a_returned_err_ends_the_test_even_after_a_panic_it_caught_on_its_own_thread() {
        // Only the process's first panic prints the backtrace note: the `Error:` line must
        // close the message of a later one too.
        let output = "thread 'flavours' (7) panicked at src/a.rs:1:1:\n\
            first caught\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
            thread 'flavours' (7) panicked at /home/u/.cargo/registry/src/tokio/time.rs:1:1:\n\
            A Tokio 1.x context was found, but timers are disabled.\n\
            Error: \"the runtime cannot sleep: call `.enable_all()`\"";
        let (failing, earlier) = failing_panic("flavours", find_panics(output)).expect("a panic");
        assert_eq!(
            failing.message,
            "the test returned `Err`: \"the runtime cannot sleep: call `.enable_all()`\""
        );
        assert_eq!(failing.location, "");
        assert_eq!(earlier.len(), 2);
        assert_eq!(
            earlier[1].message,
            "A Tokio 1.x context was found, but timers are disabled."
        );
    }

    #[test]
    fn keeps_every_line_of_a_multi_line_message() {
        let output = "thread 'x' panicked at tests/a.rs:1:1:\nfirst\nsecond";
        assert_eq!(
            find_panics(output).into_iter().next().map(|p| p.message),
            Some("first\nsecond".to_owned())
        );
    }

    #[test]
    fn locations_lose_their_detours() {
        assert_eq!(
            tidy_location("solutions/01-a/01-b/../../../tests/b.rs:3:5"),
            "tests/b.rs:3:5"
        );
        assert_eq!(tidy_location("src/lib.rs:1:1"), "src/lib.rs:1:1");
    }

    fn course() -> (Course, Exercise) {
        let exercise = Exercise {
            id: "blocking-pitfall".to_owned(),
            lib_name: "blocking_pitfall".to_owned(),
            title: "The blocking pitfall".to_owned(),
            hints: Vec::new(),
            dir: "exercises/04-sync-and-async/01-blocking-pitfall".into(),
            solution_dir: "solutions/04-sync-and-async/01-blocking-pitfall".into(),
            test_file: "tests/blocking_pitfall.rs".into(),
            page: "book/src/04-sync-and-async/blocking-pitfall.md".into(),
            todo_files: Vec::new(),
            postgres_only: None,
        };
        let course = Course {
            // A root without the chapter-4 page: the explanation names only the exercise's.
            root: std::env::temp_dir().join("no-such-course"),
            title: "Test".to_owned(),
            chapters: Vec::new(),
        };
        (course, exercise)
    }

    #[test]
    fn the_blocked_runtime_detector_is_explained_with_its_duration() {
        let (course, exercise) = course();
        let explained = explain(
            &course,
            &exercise,
            "GET /report blocked the runtime for 1203 ms (the heartbeat expected a tick every 10 ms)",
            None,
        )
        .expect("explained");
        assert!(
            explained.contains("for 1203 ms no other task"),
            "{explained}"
        );
        assert!(explained.contains("spawn_blocking"), "{explained}");
        assert!(explained.contains("(Read book/src/04-sync-and-async/blocking-pitfall.md.)"));
        assert_eq!(
            blocked_duration("x blocked the runtime for 85ms."),
            Some("85ms".to_owned())
        );
    }

    #[test]
    fn runtime_misuse_messages_from_tokio_are_recognised() {
        let (course, exercise) = course();
        for (message, expected) in [
            (
                "Cannot start a runtime from within a runtime. This happens because a function \
                 (like `block_on`) attempted to block the current thread while the thread is \
                 being used to drive asynchronous tasks.",
                "`block_on` was called",
            ),
            (
                "can call blocking only when running on the multi-threaded runtime",
                "`block_in_place` only works",
            ),
            (
                "there is no reactor running, must be called from the context of a Tokio 1.x runtime",
                "on a thread with no runtime",
            ),
            (
                "called `Result::unwrap()` on an `Err` value: Os { code: 98, kind: AddrInUse, \
                 message: \"Address already in use\" }",
                "The port is already taken",
            ),
            (
                "snapshot assertion for 'greeting' failed in line 24",
                "expected snapshot",
            ),
            (
                "Cannot block the current thread from within a runtime. This happens because a \
                 function attempted to block the current thread while the thread is being used \
                 to drive asynchronous tasks.",
                "`.await` the same operation",
            ),
            (
                "max requests in-flight; poll_ready must be called first",
                "pass `poll_ready` on",
            ),
            (
                "called `Result::unwrap()` on an `Err` value: PoolTimedOut",
                "No database connection became free",
            ),
        ] {
            let explained = explain(&course, &exercise, message, None).unwrap_or_default();
            assert!(explained.contains(expected), "{message} -> {explained}");
        }
        assert_eq!(
            explain(&course, &exercise, "assertion failed: x", None),
            None
        );
    }

    #[test]
    fn the_snapshot_diff_is_cut_from_the_output_and_its_path_made_relative() {
        let output = "\
━━━ Snapshot Summary ━━━
Snapshot file: /course/crates/testkit/../../tests/snapshots/hello__greeting.snap
Snapshot: greeting
-old snapshot
+new results
    3       │-    \"message\": \"Hello, async world!\"
          3 │+    \"message\": \"Hello!\"
Stopped on the first failure. Run `cargo insta test` to run all snapshots.

thread 'hello_says_hello' (12) panicked at /home/x/.cargo/registry/src/insta/src/runtime.rs:1:1:
snapshot assertion for 'greeting' failed in line 24";
        let diff = snapshot_diff(output, Path::new("/course")).expect("a diff");
        assert!(
            diff.contains("Snapshot file: tests/snapshots/hello__greeting.snap"),
            "{diff}"
        );
        assert!(
            diff.contains("-expected (the snapshot)\n+your code's answer"),
            "{diff}"
        );
        assert!(!diff.contains("cargo insta"), "{diff}");
        assert!(!diff.contains("panicked"), "{diff}");
        assert!(is_library_location(
            "/home/x/.cargo/registry/src/insta/src/runtime.rs:1:1"
        ));
        assert!(!is_library_location("tests/hello.rs:3:5"));
    }

    fn error(code: Option<&str>, message: &str, labels: &[&str]) -> CompilerMessage {
        CompilerMessage {
            level: "error".to_owned(),
            code: code.map(str::to_owned),
            message: message.to_owned(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            ..CompilerMessage::default()
        }
    }

    #[test]
    fn the_blocking_reqwest_client_is_explained_not_enabled() {
        let messages = [
            error(
                None,
                "unused import: `std::io`",
                &["the item is gated behind nothing"],
            ),
            error(
                Some("E0433"),
                "failed to resolve: could not find `blocking` in `reqwest`",
                &["could not find `blocking` in `reqwest`"],
            ),
        ];
        let explanation = explain_compile(&messages).expect("an explanation");
        assert!(explanation.starts_with("`reqwest::blocking` is switched off"));
        assert!(explanation.contains(".send().await"), "{explanation}");
    }

    #[test]
    fn compile_errors_about_send_name_their_cause() {
        let moved = error(
            Some("E0277"),
            "`Rc<RefCell<HashMap<String, u64>>>` cannot be sent between threads safely",
            &[],
        );
        let explained = explain_compile(std::slice::from_ref(&moved)).unwrap_or_default();
        assert!(explained.contains("moved to another thread"), "{explained}");

        let across_await = error(
            None,
            "future cannot be sent between threads safely",
            &["has type `Rc<u8>` which is not `Send`"],
        );
        // Whichever comes first in rustc's output, the error that names the `.await` speaks.
        let explained = explain_compile(&[moved, across_await]).unwrap_or_default();
        assert!(
            explained.contains("alive across an `.await`"),
            "{explained}"
        );

        let closure = error(
            None,
            "implementation of `FnOnce` is not general enough",
            &[],
        );
        let explained = explain_compile(&[closure]).unwrap_or_default();
        assert!(explained.contains("stream::iter"), "{explained}");
    }

    #[test]
    fn warnings_are_explained_by_their_lint_not_only_their_words() {
        let future = CompilerMessage {
            level: "warning".to_owned(),
            code: Some("unused_must_use".to_owned()),
            message: "unused implementer of `Future` that must be used".to_owned(),
            notes: vec!["futures do nothing unless you `.await` or poll them".to_owned()],
            ..CompilerMessage::default()
        };
        let explained = explain_warning(&future).unwrap_or_default();
        assert!(explained.contains("never awaited"), "{explained}");
        // The same words under another lint are not this warning.
        let other = CompilerMessage {
            code: Some("dead_code".to_owned()),
            ..future
        };
        assert_eq!(explain_warning(&other), None);
    }

    #[test]
    fn no_panic_no_result() {
        assert_eq!(find_panics("just output"), []);
    }
}
