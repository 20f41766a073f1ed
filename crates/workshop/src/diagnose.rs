//! Known failures, explained in the course's terms.
//!
//! A panic message from tokio or axum is accurate but says nothing about what to change. Each
//! rule here recognises one classic mistake from its message and says what it means and where
//! the course explains it.

use std::path::Path;

use crate::course::{Course, Exercise};

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

/// The chapter page that explains blocking, runtimes and `spawn_blocking`.
pub const SYNC_AND_ASYNC_PAGE: &str = "book/src/04-sync-and-async/index.md";

/// The phrase the testkit's blocked-runtime detector puts in every failure, followed by the
/// measured duration in ms (a contract with `testkit::blocking`).
const BLOCKED_RUNTIME: &str = "blocked the runtime for";

/// Explains a failure the course knows, or returns `None`.
pub fn explain(
    course: &Course,
    exercise: &Exercise,
    message: &str,
    location: Option<&str>,
) -> Option<String> {
    let read = read_more(course, exercise, None);
    let read_runtime = read_more(course, exercise, Some(SYNC_AND_ASYNC_PAGE));
    if message.starts_with("not yet implemented") {
        let place = location
            .and_then(|l| source_line(course, exercise, l))
            .unwrap_or_else(|| format!("{}", exercise.source_file().display()));
        return Some(format!(
            "Not started yet: the code reached a `todo!()` at {place}. Replace it with your \
             code; the `// TODO:` above it says what to do. {read}"
        ));
    }
    if let Some(blocked_for) = blocked_duration(message) {
        return Some(format!(
            "Your code blocked the async runtime: for {blocked_for} no other task on that \
             thread could run. A blocking call inside async code (`std::thread::sleep`, a \
             synchronous database or HTTP call, a long computation) holds the worker thread, \
             the way a sync call inside an `async def` view stalls Django's event loop. Move it \
             to `tokio::task::spawn_blocking` (Django's `sync_to_async`), or use the async API \
             (`tokio::time::sleep`, sqlx, reqwest). {read_runtime}"
        ));
    }
    if message.contains("Cannot start a runtime from within a runtime") {
        return Some(format!(
            "`block_on` was called on a thread that is already running async code, like \
             calling `async_to_sync` from inside an async view. Inside async code, `.await` the \
             future instead; synchronous code that must call async code runs on a \
             `spawn_blocking` thread and uses `Handle::block_on` with a `Handle` taken before. \
             {read_runtime}"
        ));
    }
    if message.contains("can call blocking only when running on the multi-threaded runtime") {
        return Some(format!(
            "`block_in_place` only works on a multi-threaded runtime, and this code runs on a \
             current-thread one (the default of `#[tokio::test]`), where there is no other \
             worker to take over. Use `tokio::task::spawn_blocking` instead: it works on both. \
             {read_runtime}"
        ));
    }
    if message.contains("Cannot drop a runtime in a context where blocking is not allowed") {
        return Some(format!(
            "A Tokio runtime was created and dropped inside async code. Async code already runs \
             on a runtime: `.await` instead of building a new one, or build it on a \
             `spawn_blocking` thread. {read_runtime}"
        ));
    }
    if message.contains("there is no reactor running")
        || message.contains("must be called from the context of a Tokio 1.x runtime")
    {
        return Some(format!(
            "A Tokio function (`tokio::spawn`, `tokio::time::sleep`, a Tokio socket) was used \
             on a thread with no runtime, such as one started with `std::thread::spawn`. Run it \
             on the runtime, or take a `Handle` with `Handle::current()` beforehand and use \
             `handle.spawn(...)` or `handle.block_on(...)` on that thread. {read_runtime}"
        ));
    }
    if message.contains("Cannot block the current thread from within a runtime") {
        return Some(format!(
            "A blocking wait (`blocking_recv`, `blocking_send`, `blocking_lock`, \
             `futures::executor::block_on`) ran inside async code, on a thread that drives other \
             tasks. In async code, `.await` the same operation instead (`recv().await`, \
             `lock().await`). {read_runtime}"
        ));
    }
    if message.contains("poll_ready must be called first") {
        return Some(format!(
            "A tower service was called without being made ready first. A hand-written \
             `Service` must pass `poll_ready` on to its inner service, and call the clone that \
             was made ready. {read}"
        ));
    }
    if message.contains("PoolTimedOut") || message.contains("pool timed out") {
        return Some(format!(
            "No database connection became free in time. The pool is too small for what runs \
             at once, or a stream or transaction is holding the only connection while another \
             query waits for one. {read}"
        ));
    }
    if message.contains("Path segments must not start with `:`")
        || message.contains("Path segments must not start with `*`")
    {
        return Some(format!(
            "axum 0.8 writes path parameters as `/{{slug}}` and wildcards as `/{{*rest}}`; \
             the older `/:slug` and `/*rest` forms panic when the router is built. {read}"
        ));
    }
    if message.starts_with("attempt to subtract with overflow")
        || message.starts_with("attempt to add with overflow")
    {
        return Some(format!(
            "Arithmetic overflowed. Unsigned numbers cannot go below 0, and debug builds panic \
             instead of wrapping around: check first, for example with `n.checked_sub(1)`, \
             which gives `None` instead of a panic. {read}"
        ));
    }
    if is_address_in_use(message) {
        return Some(format!(
            "The port is already taken: something else (another test, or a server you left \
             running) listens on it. Bind `127.0.0.1:0` and read the real port back with \
             `listener.local_addr()`, so every test gets a free one. {read}"
        ));
    }
    if message.starts_with("snapshot assertion for") && message.contains("failed") {
        return Some(format!(
            "The response differs from the expected snapshot. In the diff below, `-` lines are \
             what the test expects and `+` lines what your code answered. {read}"
        ));
    }
    if message.contains("has overflowed its stack") {
        return Some(format!(
            "The stack overflowed: a function calls itself without end (directly, or through a \
             trait method or `Deref` that calls itself). Look for the recursion near the \
             function the test calls. {read}"
        ));
    }
    None
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

fn is_address_in_use(message: &str) -> bool {
    [
        "Address already in use",
        "AddrInUse",
        "Only one usage of each socket address",
    ]
    .iter()
    .any(|needle| message.contains(needle))
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
    if not_send && !diagnostics.contains("future cannot be sent between threads safely") {
        return Some(
            "A value that is not `Send` (something holding an `Rc` or a `RefCell`, say) is \
             being moved to another thread or shared through the app state. It must stay on \
             the thread that created it: create it inside the thread that uses it, and reach \
             that thread through a channel."
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
    if diagnostics.contains("is not general enough") && diagnostics.contains("FnOnce") {
        return Some(
            "\"implementation of `FnOnce` is not general enough\" is a known limit of the \
             compiler with closures over borrowed items in a stream, not a mistake in your \
             logic. Build the futures first (collect them into a `Vec`, each owning what it \
             needs), then hand that `Vec` to `stream::iter`."
                .to_owned(),
        );
    }
    if diagnostics.contains("could not find `blocking` in `reqwest`")
        || diagnostics.contains("gated behind the `blocking` feature")
    {
        return Some(
            "`reqwest::blocking` is switched off in this course, on purpose: it is the \
             `requests` of Rust, a client that holds its thread until the answer comes, and \
             inside async code it stops the runtime (or panics, since it runs a runtime of its \
             own). Do not turn the `blocking` feature on: use the async `reqwest::Client` the \
             exercise gives you, `client.get(url).send().await`, like `httpx.AsyncClient` in \
             an `async def` view."
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

/// What a teaching warning means for the failing test, or `None`.
pub fn explain_warning(warning: &str) -> Option<String> {
    if warning.contains("futures do nothing unless you `.await`") {
        return Some(
            "A future was made and never awaited, so its work never ran: an `async fn` call \
             only builds the future, like calling an `async def` without `await`. Add \
             `.await` (or hand it to `tokio::spawn`, `join!` or `select!`)."
                .to_owned(),
        );
    }
    if warning.contains("`Result` that must be used") {
        return Some(
            "A `Result` was dropped: if it was an `Err`, the failure vanished without a word. \
             Pass it on with `?`, or handle the `Err` case."
                .to_owned(),
        );
    }
    if warning.contains("use of deprecated") {
        return Some(
            "A deprecated API: it still compiles, but it is on its way out and often no longer \
             does what its name suggests. The warning names what replaces it; the page uses \
             the current API."
                .to_owned(),
        );
    }
    if warning.contains("unused variable") {
        return Some(
            "A value that is bound and never used. For a guard or a permit (a lock, a \
             semaphore permit) ask where it lives: one kept in the async function is released \
             when that function's future ends or is cancelled, not when the work it guards \
             ends. Move it into the closure or task that does the work (`let _permit = \
             permit;` inside it); `let _ = permit;` would drop it at once."
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

    #[test]
    fn the_blocking_reqwest_client_is_explained_not_enabled() {
        let diagnostics = "error[E0433]: cannot find `blocking` in `reqwest`\n\
            57 |     let response = reqwest::blocking::get(&url)?;\n\
            |                             ^^^^^^^^ could not find `blocking` in `reqwest`\n\
            373 |     #[cfg(feature = \"blocking\")]\n\
            |           -------------------- the item is gated behind the `blocking` feature";
        let explanation = explain_compile(diagnostics).expect("an explanation");
        assert!(explanation.starts_with("`reqwest::blocking` is switched off"));
        assert!(explanation.contains(".send().await"), "{explanation}");
    }

    #[test]
    fn compile_errors_about_send_name_their_cause() {
        let moved = "error[E0277]: `Rc<RefCell<HashMap<String, u64>>>` cannot be sent between \
                     threads safely\n  --> src/lib.rs:3:1";
        let explained = explain_compile(moved).unwrap_or_default();
        assert!(explained.contains("moved to another thread"), "{explained}");

        let across_await = "error: future cannot be sent between threads safely\n\
                            note: ... has type `Rc<u8>` which is not `Send`";
        let explained = explain_compile(across_await).unwrap_or_default();
        assert!(
            explained.contains("alive across an `.await`"),
            "{explained}"
        );

        let closure = "error: implementation of `FnOnce` is not general enough";
        let explained = explain_compile(closure).unwrap_or_default();
        assert!(explained.contains("stream::iter"), "{explained}");
    }

    #[test]
    fn no_panic_no_result() {
        assert_eq!(find_panics("just output"), []);
    }
}
