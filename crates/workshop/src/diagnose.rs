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
        location,
        message: message.join("\n").trim().to_owned(),
    })
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
    fn no_panic_no_result() {
        assert_eq!(find_panic("just output"), None);
    }
}
