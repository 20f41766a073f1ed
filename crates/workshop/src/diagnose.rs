//! Known failures, explained in the course's terms.
//!
//! A panic message from tokio or axum is accurate but says nothing about what to change. Each
//! rule here recognises one classic mistake from its message and says what it means and where
//! the course explains it.

use crate::course::{Course, Exercise};

/// A panic found in a test's output.
#[derive(Debug, PartialEq, Eq)]
pub struct Panic {
    /// `path:line:column` as the panic reported it.
    pub location: String,
    pub message: String,
}

/// Finds the first panic in a failed test's output: the `thread '..' panicked at LOCATION:`
/// line and the message lines after it (up to libtest's backtrace note).
pub fn find_panic(output: &str) -> Option<Panic> {
    let mut lines = output.lines();
    // `thread 'name' panicked at src/lib.rs:20:5:`; newer Rust adds the thread id:
    // `thread 'name' (8170) panicked at ...`.
    let location = lines.by_ref().find_map(|line| {
        let (_, rest) = line.split_once(" panicked at ")?;
        line.starts_with("thread '")
            .then(|| rest.trim_end_matches(':').to_owned())
    })?;
    let message: Vec<&str> = lines
        .take_while(|line| !line.starts_with("note: run with `RUST_BACKTRACE"))
        .collect();
    Some(Panic {
        location: tidy_location(&location),
        message: message.join("\n").trim().to_owned(),
    })
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

/// Explains a failure the course knows, or returns `None`.
pub fn explain(
    course: &Course,
    exercise: &Exercise,
    message: &str,
    location: Option<&str>,
) -> Option<String> {
    let page = exercise.page.display();
    if message.starts_with("not yet implemented") {
        let place = location
            .and_then(|l| source_line(course, exercise, l))
            .unwrap_or_else(|| format!("{}", exercise.source_file().display()));
        return Some(format!(
            "Not started yet: the code reached a `todo!()` at {place}. Replace it with your \
             code; the `// TODO:` above it says what to do. (Read {page}.)"
        ));
    }
    if message.contains("Cannot start a runtime from within a runtime") {
        return Some(format!(
            "`block_on` was called inside a Tokio runtime. Inside async code, `.await` the \
             future instead; from a blocking thread use `Handle::block_on` on a handle taken \
             before leaving the runtime. (Read {page}.)"
        ));
    }
    if message.contains("can call blocking only when running on the multi-threaded runtime") {
        return Some(format!(
            "`block_in_place` only works on a multi-threaded runtime, and this test runs on a \
             current-thread one. Use `spawn_blocking` instead. (Read {page}.)"
        ));
    }
    if message.contains("Path segments must not start with `:`")
        || message.contains("Path segments must not start with `*`")
    {
        return Some(
            "axum 0.8 writes path parameters as `/{slug}` and wildcards as `/{*rest}`; \
             the older `/:slug` and `/*rest` forms panic when the router is built."
                .to_owned(),
        );
    }
    if message.starts_with("attempt to subtract with overflow")
        || message.starts_with("attempt to add with overflow")
    {
        return Some(
            "Arithmetic overflowed. Unsigned numbers cannot go below 0, and debug builds panic \
             instead of wrapping around: check first, for example with `n.checked_sub(1)`, \
             which gives `None` instead of a panic."
                .to_owned(),
        );
    }
    if message.contains("Address already in use") || message.contains("AddrInUse") {
        return Some(
            "The port is already taken. Bind `127.0.0.1:0` and read the real port back with \
             `listener.local_addr()`, so every test gets a free one."
                .to_owned(),
        );
    }
    if message.contains("Snapshot") && message.contains("does not match") {
        return Some(format!(
            "The response differs from the expected snapshot: the diff below shows the \
             expected (-) and actual (+) lines. (Read {page}.)"
        ));
    }
    None
}

/// Explains a compile error the course knows, or returns `None`. The compiler's own text
/// follows; this only says which of its errors to read first and what it means.
pub fn explain_compile(diagnostics: &str) -> Option<String> {
    let not_send = diagnostics.contains("cannot be sent between threads safely")
        || diagnostics.contains("is not `Send`");
    if not_send && diagnostics.contains("MutexGuard") {
        return Some(
            "A `std::sync::MutexGuard` is still alive at an `.await`. axum runs handlers on \
             any worker thread, so their futures must be `Send`, and this guard is not. Put \
             the locked part in its own block `{ ... }` so the guard is dropped before the \
             `.await` (look for the error that says \"future cannot be sent between threads \
             safely\")."
                .to_owned(),
        );
    }
    if not_send {
        return Some(
            "Something that is not `Send` is alive across an `.await` in a handler or task. \
             Look for the error \"future cannot be sent between threads safely\": it names the \
             value and the `.await`. Drop the value before awaiting, or use a `Send` type."
                .to_owned(),
        );
    }
    if diagnostics.contains("Handler<_, _>` is not satisfied")
        || diagnostics.contains("is not implemented for fn item")
    {
        return Some(
            "axum cannot use one of your functions as a handler. Put `#[axum::debug_handler]` \
             on the function named below: the error then points at the real cause (an argument \
             that is not an extractor, a body extractor that is not last, a return type that \
             is not `IntoResponse`, or a future that is not `Send`)."
                .to_owned(),
        );
    }
    None
}

/// Cargo's diagnostics with the most telling error first. axum's "Handler is not implemented"
/// error comes before the one that names the cause ("future cannot be sent between threads
/// safely", from `#[debug_handler]`), so that one is moved to the front; warnings go last.
pub fn reorder_compile(diagnostics: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    for line in diagnostics.lines() {
        let starts_block = line.starts_with("error") || line.starts_with("warning");
        match blocks.last_mut() {
            Some(block) if !starts_block => {
                block.push('\n');
                block.push_str(line);
            }
            _ => blocks.push(line.to_owned()),
        }
    }
    let rank = |block: &String| {
        if block.contains("cannot be sent between threads safely") {
            0
        } else if block.starts_with("error[") {
            1
        } else if block.starts_with("error") {
            2
        } else {
            3
        }
    };
    blocks.sort_by_key(rank);
    blocks.join("\n")
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
            find_panic(output),
            Some(Panic {
                location: "exercises/01-async-views/01-hello/src/lib.rs:20:5".to_owned(),
                message: "not yet implemented: build the greeting".to_owned(),
            })
        );
    }

    #[test]
    fn keeps_every_line_of_a_multi_line_message() {
        let output = "thread 'x' panicked at tests/a.rs:1:1:\nfirst\nsecond";
        assert_eq!(
            find_panic(output).map(|p| p.message),
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

    #[test]
    fn compile_errors_that_name_the_cause_come_first() {
        let diagnostics = "warning: unused import\n  --> a.rs\n\
            error[E0277]: the trait bound `fn() {post}: Handler<_, _>` is not satisfied\n  --> b.rs\n\
            error: future cannot be sent between threads safely\n  --> c.rs\n\
            error: could not compile `x`";
        let reordered = reorder_compile(diagnostics);
        let firsts: Vec<&str> = reordered.lines().filter(|l| !l.starts_with(' ')).collect();
        assert_eq!(
            firsts,
            [
                "error: future cannot be sent between threads safely",
                "error[E0277]: the trait bound `fn() {post}: Handler<_, _>` is not satisfied",
                "error: could not compile `x`",
                "warning: unused import",
            ]
        );
    }

    #[test]
    fn no_panic_no_result() {
        assert_eq!(find_panic("just output"), None);
    }
}
