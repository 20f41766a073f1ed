//! The runner, driven as a learner drives it: the real binary in temporary courses.
//!
//! See `support/mod.rs` for how the courses are made and why they build quickly.

mod support;

use std::fs;
use std::time::{Duration, Instant};

use support::{Spec, TempCourse, assert_well_formed_xml, process_is_gone};

/// Passes, and answers fast: the exercise a learner has finished.
const PASSING_TEST: &str = r#"
#[test]
fn answers_forty_two() {
    assert_eq!(ANSWER(), 42, "the answer should be 42");
}
"#;

fn passing(lib: &str) -> String {
    PASSING_TEST.replace("ANSWER", &format!("{lib}::answer"))
}

const ANSWER_42: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";
const ANSWER_TODO: &str =
    "/// The answer.\npub fn answer() -> u32 {\n    // TODO: answer 42\n    todo!(\"answer\")\n}\n";

#[test]
fn a_hung_test_is_killed_with_everything_it_started_and_named() {
    let course = TempCourse::new("hang");
    let tests = r#"
#[test]
fn answers_quickly() {
    assert_eq!(it_hang::answer(), 42);
}

#[tokio::test]
async fn waits_for_a_reply() {
    let pid_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pids");
    it_hang::wait_for_reply(&pid_file).await;
}
"#;
    let stub = r#"
pub fn answer() -> u32 {
    42
}

/// Starts a helper process, then waits for a reply that never comes.
pub async fn wait_for_reply(pid_file: &std::path::Path) {
    // TODO: stop waiting
    let helper = std::process::Command::new("sleep").arg("300").spawn().expect("sleep starts");
    std::fs::write(pid_file, format!("{} {}", std::process::id(), helper.id())).expect("pids");
    std::future::pending::<()>().await
}
"#;
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-hang",
        id: "it-hang",
        stub,
        solution: "pub fn answer() -> u32 { 42 }\npub async fn wait_for_reply(_: &std::path::Path) {}\n",
        tests,
        hints: &["Stop waiting."],
    };
    course.add(&spec);

    let started = Instant::now();
    let run = course.run(&["check", "it-hang", "--timeout", "2"]);
    run.assert_code(1)
        .assert_stdout_has("waits_for_a_reply did not finish in 2 s and was stopped")
        .assert_stdout_has("The usual causes")
        .assert_stdout_has("an `.await` on something that never completes")
        .assert_stdout_has("Of the tests that finished, 1 passed and 0 failed");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the check took {:?}",
        started.elapsed()
    );
    let pids = course.read("exercises/01-basics/01-hang/pids");
    for pid in pids.split_whitespace() {
        let pid: u32 = pid.parse().expect("a pid");
        // A killed process takes a moment to be torn down on a loaded machine; one that was
        // left behind would sleep for five minutes.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !process_is_gone(pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            process_is_gone(pid),
            "process {pid} (the hung test or the helper it started) is still running"
        );
    }

    // The whole run has a limit of its own.
    let run = course.run(&["check", "it-hang", "--timeout", "60", "--run-timeout", "2"]);
    run.assert_code(1)
        .assert_stdout_has("the tests together were still running after 2 s");
    // And the environment sets the per-test limit too.
    let run = course.run_with(&["check", "it-hang"], &[("WORKSHOP_TEST_TIMEOUT", "1.5")]);
    run.assert_code(1)
        .assert_stdout_has("did not finish in 1.5 s");
}

#[test]
fn the_tests_own_message_leads_and_the_warnings_that_explain_it_come_first() {
    let course = TempCourse::new("warned");
    let tests = r#"
#[test]
fn answers_forty_two() {
    // A panic the test causes on purpose, and catches: context, not the cause.
    let caught = std::panic::catch_unwind(|| panic!("a panic caught on purpose"));
    assert!(caught.is_err());
    assert_eq!(it_warned::answer(), 42, "the answer should be 42");
}
"#;
    let stub = "/// The answer.\npub fn answer() -> u32 {\n    checked();\n    41\n}\n\n\
                fn checked() -> Result<(), String> {\n    Err(\"no\".to_owned())\n}\n";
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-warned",
        id: "it-warned",
        stub,
        solution: ANSWER_42,
        tests,
        hints: &["Answer."],
    };
    course.add(&spec);
    let run = course.run(&["check", "it-warned"]);
    run.assert_code(1)
        .assert_stdout_has("1 of 1 tests fail. First: answers_forty_two")
        .assert_stdout_has("The compiler warned about your code")
        .assert_stdout_has("unused `Result` that must be used")
        .assert_stdout_has("A `Result` was dropped")
        .assert_stdout_has("the answer should be 42")
        .assert_stdout_has("a panic caught on purpose");
    // The headline's paragraph names the warning, so a short screen still shows it.
    let second = run.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        second.contains("The compiler warned: unused `Result` that must be used, at ")
            && second.contains("src/lib.rs:3"),
        "{second:?} in:\n{}",
        run.stdout
    );
    let at = |needle: &str| run.stdout.find(needle).unwrap_or(usize::MAX);
    assert!(
        at("unused `Result`") < at("the answer should be 42")
            && at("the answer should be 42") < at("a panic caught on purpose"),
        "the warning first, then the test's own message, then the panic it caught:\n{}",
        run.stdout
    );
}

#[test]
fn a_test_that_returns_err_leads_with_its_err_not_the_panics_it_caught() {
    let course = TempCourse::new("returns-err");
    // The panics come first and on both threads: one caught with `catch_unwind` on the
    // test's own thread, one on a thread the test joins (as a `JoinError` would carry it).
    let tests = r#"
#[test]
fn answers_forty_two() -> Result<(), String> {
    assert!(std::panic::catch_unwind(|| panic!("caught on the test's thread")).is_err());
    assert!(std::thread::spawn(|| panic!("caught from a joined thread")).join().is_err());
    if it_returns_err::answer() == 42 {
        Ok(())
    } else {
        Err("the answer should be 42".to_owned())
    }
}
"#;
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-returns-err",
        id: "it-returns-err",
        stub: "/// The answer.\npub fn answer() -> u32 {\n    41\n}\n",
        solution: ANSWER_42,
        tests,
        hints: &["Answer."],
    };
    course.add(&spec);
    let run = course.run(&["check", "it-returns-err"]);
    run.assert_code(1)
        .assert_stdout_has("the test returned `Err`: \"the answer should be 42\"")
        .assert_stdout_has("caught on the test's thread")
        .assert_stdout_has("caught from a joined thread");
    let at = |needle: &str| run.stdout.find(needle).unwrap_or(usize::MAX);
    assert!(
        at("the answer should be 42") < at("caught on the test's thread")
            && at("the answer should be 42") < at("caught from a joined thread"),
        "the test's own Err first, then the panics it caught:\n{}",
        run.stdout
    );
}

#[test]
fn known_panics_are_explained_in_the_course_terms() {
    let course = TempCourse::new("panics");
    let tests = r#"
use std::net::TcpListener;

fn case(name: &str) -> bool {
    std::env::var("IT_CASE").is_ok_and(|c| c == name)
}

#[test]
fn not_started() {
    if case("todo") {
        it_panics::greet();
    }
}

#[test]
fn nested_runtime() {
    if case("block_on") {
        let outer = tokio::runtime::Runtime::new().expect("runtime");
        let inner = tokio::runtime::Runtime::new().expect("runtime");
        outer.block_on(async { inner.block_on(async {}) });
    }
}

#[tokio::test]
async fn block_in_place_on_current_thread() {
    if case("block_in_place") {
        tokio::task::block_in_place(|| ());
    }
}

#[test]
fn port_taken() {
    if case("address") {
        let first = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = first.local_addr().expect("addr").port();
        TcpListener::bind(("127.0.0.1", port)).expect("bind the server's port");
    }
}

#[test]
fn snapshot_differs() {
    if case("snapshot") {
        let mut settings = testkit::insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/snapshots"));
        settings.bind(|| {
            testkit::insta::assert_json_snapshot!("greeting", testkit::json!({"message": "Hello!"}));
        });
    }
}

#[test]
fn blocked_runtime() {
    if case("blocked") {
        panic!("GET /slow blocked the runtime for 1234 ms: the heartbeat task could not run");
    }
}
"#;
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-panics",
        id: "it-panics",
        stub: "pub fn greet() -> String {\n    // TODO: greet\n    todo!(\"write the greeting\")\n}\n",
        solution: "pub fn greet() -> String {\n    \"hi\".to_owned()\n}\n",
        tests,
        hints: &["Greet."],
    };
    course.add(&spec);
    course.write(
        "tests/snapshots/it_panics__greeting.snap",
        "---\nsource: tests/it_panics.rs\nexpression: value\n---\n{\n  \"message\": \"Hello, world!\"\n}\n",
    );
    course.write("book/src/04-sync-and-async/index.md", "# Sync and async\n");
    let page = "(Read book/src/01-basics/it-panics.md";
    let runtime_page = "book/src/04-sync-and-async/index.md";

    let expectations: &[(&str, &str, &[&str])] = &[
        (
            "todo",
            "not_started",
            &[
                "Not started yet: the code reached a `todo!()` at \
                 exercises/01-basics/01-panics/src/lib.rs line 3",
                page,
            ],
        ),
        (
            "block_on",
            "nested_runtime",
            &[
                "`block_on` was called on a thread that is already running async code",
                runtime_page,
            ],
        ),
        (
            "block_in_place",
            "block_in_place_on_current_thread",
            &[
                "`block_in_place` only works on a multi-threaded runtime",
                "spawn_blocking",
                runtime_page,
            ],
        ),
        (
            "address",
            "port_taken",
            &["The port is already taken", "127.0.0.1:0", page],
        ),
        (
            "snapshot",
            "snapshot_differs",
            &[
                "The response differs from the expected snapshot",
                "Snapshot file: tests/snapshots/it_panics__greeting.snap",
                "-expected (the snapshot)",
                "+your code's answer",
                "│-  \"message\": \"Hello, world!\"",
                "│+  \"message\": \"Hello!\"",
                "at tests/it_panics.rs:",
                page,
            ],
        ),
        (
            "blocked",
            "blocked_runtime",
            &[
                "Your code blocked the async runtime: for 1234 ms",
                "spawn_blocking",
                runtime_page,
            ],
        ),
    ];
    for (case, test, needles) in expectations {
        let run = course.run_with(&["check", "it-panics"], &[("IT_CASE", case)]);
        run.assert_code(1)
            .assert_stdout_has(&format!("1 of 6 tests fail. First: {test}"));
        for needle in *needles {
            run.assert_stdout_has(needle);
        }
        assert!(
            !run.stdout.contains("/.cargo/registry/"),
            "a library path leaked into the output:\n{}",
            run.stdout
        );
    }
}

#[test]
fn reset_restores_the_stub_and_keeps_a_backup_it_names() {
    let course = TempCourse::new("reset");
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-reset",
        id: "it-reset",
        stub: ANSWER_TODO,
        solution: ANSWER_42,
        tests: &passing("it_reset"),
        hints: &["42."],
    };
    course.add(&spec);
    course.ship();
    course.git_init();
    let stub_path = course.stub_path(&spec);

    course
        .run(&["reset", "it-reset"])
        .assert_code(0)
        .assert_stdout_has("already the stub");

    // The learner works, adds a file, and commits: HEAD is no longer the stub.
    course.write(&stub_path, ANSWER_42);
    course.write("exercises/01-basics/01-reset/src/extra.rs", "// mine\n");
    course.git(&["add", "-A"]);
    course.git(&["commit", "-q", "-m", "my work"]);

    let run = course.run(&["reset", "it-reset"]);
    run.assert_code(0)
        .assert_stdout_has("Restored the stub of `it-reset`");
    let backup = run
        .stdout
        .split("saved in ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the message names the backup")
        .trim_end_matches('/')
        .to_owned();
    assert!(
        backup.starts_with(".workshop-backups/it-reset-"),
        "{backup}"
    );
    assert_eq!(course.read(&format!("{backup}/src/lib.rs")), ANSWER_42);
    assert_eq!(course.read(&format!("{backup}/src/extra.rs")), "// mine\n");
    assert_eq!(course.read(&stub_path), ANSWER_TODO);
    assert!(
        !course
            .path("exercises/01-basics/01-reset/src/extra.rs")
            .exists()
    );

    // --all asks first; with no terminal to ask, it refuses unless told --yes.
    course.write(&stub_path, "// edited again\n");
    let refused = course.run(&["reset", "--all"]);
    refused.assert_code(2);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    assert_eq!(course.read(&stub_path), "// edited again\n");
    course
        .run(&["reset", "--all", "--yes"])
        .assert_code(0)
        .assert_stdout_has("Reset 1 exercise(s)");
    assert_eq!(course.read(&stub_path), ANSWER_TODO);
    let backups = fs::read_dir(course.path(".workshop-backups"))
        .expect("backups")
        .count();
    assert_eq!(backups, 2, "each reset keeps its own backup");
}

#[test]
fn changed_tests_and_snapshots_are_detected() {
    let course = TempCourse::new("tamper");
    let tests = r#"
#[test]
fn greets() {
    let mut settings = testkit::insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/snapshots"));
    settings.bind(|| {
        testkit::insta::assert_json_snapshot!("greeting", testkit::json!({"message": it_tamper::greet()}));
    });
}
"#;
    let code = "pub fn greet() -> String {\n    \"Hello!\".to_owned()\n}\n";
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-tamper",
        id: "it-tamper",
        stub: code,
        solution: code,
        tests,
        hints: &["Greet."],
    };
    course.add(&spec);
    let snapshot = "tests/snapshots/it_tamper__greeting.snap";
    course.write(
        snapshot,
        "---\nsource: tests/it_tamper.rs\nexpression: value\n---\n{\n  \"message\": \"Hello!\"\n}\n",
    );
    course.ship();
    course.git_init();

    course
        .run(&["check", "it-tamper"])
        .assert_code(0)
        .assert_stdout_has("PASS it-tamper");

    // An edited test file: the tests still pass, but the pass does not count.
    let original = course.read("tests/it_tamper.rs");
    course.write(
        "tests/it_tamper.rs",
        &format!("{original}// a small change\n"),
    );
    course
        .run(&["check", "it-tamper"])
        .assert_code(1)
        .assert_stdout_has("PASS it-tamper")
        .assert_stdout_has("NOT COUNTED")
        .assert_stdout_has("tests/it_tamper.rs (edited)")
        .assert_stdout_has("git checkout HEAD -- tests/it_tamper.rs");
    course.run(&["list"]).assert_stdout_has("failing");
    course.write("tests/it_tamper.rs", &original);

    // A snapshot edited to match the learner's answer.
    let shipped_snapshot = course.read(snapshot);
    course.write(snapshot, &shipped_snapshot.replace("Hello!", "Hello!!"));
    course
        .run(&["check", "it-tamper"])
        .assert_code(1)
        .assert_stdout_has("tests/snapshots/it_tamper__greeting.snap (edited)");

    // A deleted snapshot, and one added beside it.
    fs::remove_file(course.path(snapshot)).expect("delete");
    course.write("tests/snapshots/it_tamper__other.snap", "---\n---\n1\n");
    course
        .run(&["check", "it-tamper"])
        .assert_code(1)
        .assert_stdout_has("tests/snapshots/it_tamper__greeting.snap (deleted)")
        .assert_stdout_has("tests/snapshots/it_tamper__other.snap (added)");
    assert!(
        !course.path(snapshot).exists(),
        "a check must never write a snapshot"
    );
}

#[test]
fn progress_survives_renumbering_a_corrupt_file_and_any_directory() {
    let course = TempCourse::new("progress");
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-progress",
        id: "it-progress",
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests: &passing("it_progress"),
        hints: &["42."],
    };
    course.add(&spec);
    course.run(&["check", "it-progress"]).assert_code(0);

    // The instructor renumbers the exercise: progress is keyed by ID, not by place.
    fs::rename(
        course.path("exercises/01-basics/01-progress"),
        course.path("exercises/01-basics/02-progress"),
    )
    .expect("rename");
    fs::rename(
        course.path("solutions/01-basics/01-progress"),
        course.path("solutions/01-basics/02-progress"),
    )
    .expect("rename");
    course
        .run(&["list"])
        .assert_code(0)
        .assert_stdout_has("done     it-progress");
    course
        .run(&["status"])
        .assert_stdout_has("1/1 exercises done");

    // From inside the exercise, `check` means this exercise.
    let run = support::Run::from(
        course
            .command(&["check"])
            .current_dir(course.path("exercises/01-basics/02-progress/src"))
            .output()
            .expect("runs"),
    );
    run.assert_code(0).assert_stdout_has("PASS it-progress");

    // A damaged file: a warning, a fresh start, the old file kept; never a crash.
    course.write(".workshop-progress.json", "{\"exercises\": {\"it-progr");
    let run = course.run(&["status"]);
    run.assert_code(0).assert_stdout_has("0/1 exercises done");
    assert!(run.stderr.contains("could not be read"), "{}", run.stderr);
    let kept = fs::read_dir(&course.root)
        .expect("root")
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".workshop-progress.json.corrupt-")
        });
    assert!(kept, "the damaged file is kept aside");

    // A file with one bad entry keeps the good ones.
    course.write(
        ".workshop-progress.json",
        r#"{"exercises": {"it-progress": {"attempts": 3, "passed": true}, "gone": {"passed": "no"}}}"#,
    );
    let run = course.run(&["list"]);
    run.assert_code(0).assert_stdout_has("done     it-progress");
    assert!(run.stderr.contains("gone"), "{}", run.stderr);

    // No file at all is a fresh start, silently.
    fs::remove_file(course.path(".workshop-progress.json")).expect("remove");
    let run = course.run(&["status"]);
    run.assert_code(0).assert_stdout_has("0/1 exercises done");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn reports_hints_and_solutions() {
    let course = TempCourse::new("report");
    let done = Spec {
        chapter: "01-basics",
        dir: "01-done",
        id: "it-report-done",
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests: &passing("it_report_done"),
        hints: &["42."],
    };
    let failing_tests = r#"
#[test]
fn compares_markup() {
    assert!(it_report_failing::ok(), "expected <b> & \"quotes\" in the answer");
}
"#;
    let failing = Spec {
        chapter: "01-basics",
        dir: "02-failing",
        id: "it-report-failing",
        stub: "pub fn ok() -> bool {\n    false\n}\n",
        solution: "pub fn ok() -> bool {\n    true\n}\n",
        tests: failing_tests,
        hints: &["First hint.", "Second hint."],
    };
    let untouched = Spec {
        chapter: "02-more",
        dir: "01-untouched",
        id: "it-report-untouched",
        stub: ANSWER_TODO,
        solution: ANSWER_42,
        tests: &passing("it_report_untouched"),
        hints: &["42."],
    };
    for spec in [&done, &failing, &untouched] {
        course.add(spec);
    }
    course.run(&["check", "it-report-done"]).assert_code(0);
    course.run(&["check", "it-report-failing"]).assert_code(1);
    course.run(&["check", "it-report-failing"]).assert_code(1);

    let json = course.run(&["report", "--format", "json", "--learner", "Ada <a&b>"]);
    json.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("the JSON parses");
    assert_eq!(report["learner"], "Ada <a&b>");
    assert_eq!(report["summary"]["passed"], 1);
    assert_eq!(report["summary"]["failing"], 1);
    assert_eq!(report["summary"]["not_started"], 1);
    let exercises = report["exercises"].as_array().expect("exercises");
    let by_id = |id: &str| {
        exercises
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} in the report"))
    };
    assert_eq!(by_id("it-report-done")["status"], "passed");
    assert_eq!(by_id("it-report-done")["time_to_pass_seconds"], 0);
    assert_eq!(by_id("it-report-failing")["status"], "failing");
    assert_eq!(by_id("it-report-failing")["attempts"], 2);
    let failure = by_id("it-report-failing")["last_failure"]
        .as_str()
        .expect("a last failure");
    assert!(failure.contains("<b> & \"quotes\""), "{failure}");
    assert_eq!(by_id("it-report-untouched")["status"], "not-started");

    let junit = course.run(&["report", "--format", "junit", "--learner", "Ada <a&b>"]);
    junit.assert_code(0);
    assert_well_formed_xml(&junit.stdout);
    junit
        .assert_stdout_has("&lt;b&gt; &amp; &quot;quotes&quot;")
        .assert_stdout_has("<testsuite name=\"More\" tests=\"1\" failures=\"0\" skipped=\"1\">")
        .assert_stdout_has("value=\"Ada &lt;a&amp;b&gt;\"");

    // --output writes the file instead.
    course
        .run(&["report", "--format", "junit", "--output", "class.xml"])
        .assert_code(0);
    assert_well_formed_xml(&course.read("class.xml"));

    // Hints come one at a time and are remembered.
    course
        .run(&["hint", "it-report-failing"])
        .assert_stdout_has("Hint 1/2: First hint.")
        .assert_stdout_has("Ask again for hint 2");
    let second = course.run(&["hint", "it-report-failing"]);
    second
        .assert_stdout_has("Hint 1/2: First hint.")
        .assert_stdout_has("Hint 2/2: Second hint.")
        .assert_stdout_has("That was the last hint");

    // The solution waits for a pass, unless forced; then it is a diff against the learner's.
    course
        .run(&["solution", "it-report-failing"])
        .assert_code(1)
        .assert_stdout_has("opens once yours passes");
    course
        .run(&["solution", "it-report-failing", "--force"])
        .assert_code(0)
        .assert_stdout_has("--- exercises/01-basics/02-failing/src/lib.rs (yours)")
        .assert_stdout_has("+++ solutions/01-basics/02-failing/src/lib.rs (reference)")
        .assert_stdout_has("-    false\n+    true\n");
    course
        .run(&["solution", "it-report-done"])
        .assert_code(0)
        .assert_stdout_has("the same as the reference");

    // A mistyped ID gets the close ones back.
    let typo = course.run(&["check", "it-report-dne"]);
    typo.assert_code(2);
    assert!(
        typo.stderr.contains("Did you mean it-report-done"),
        "{}",
        typo.stderr
    );
}

#[test]
fn doctor_checks_the_toolchain_and_prebuilds() {
    let course = TempCourse::new("doctor");
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-doctor",
        id: "it-doctor",
        stub: ANSWER_TODO,
        solution: ANSWER_42,
        tests: &passing("it_doctor"),
        hints: &["42."],
    };
    course.add(&spec);
    course.ship();
    course
        .run(&["doctor"])
        .assert_code(0)
        .assert_stdout_has("ok rustc ")
        .assert_stdout_has("ok cargo ")
        .assert_stdout_has("tests and snapshots are as shipped")
        .assert_stdout_has("dependencies built")
        .assert_stdout_has("doctor: OK");

    // Doctor builds what `check` builds, the same way: the check after it compiles nothing.
    let check = course.run(&["check", "it-doctor"]);
    assert!(
        !check.stderr.contains("Compiling "),
        "`check` compiled again after `doctor` pre-built it: doctor must run the very cargo \
         command check runs (same package, test target, features and profile).\n{}",
        check.stderr
    );
    // Warm: nothing left to build, said so, with the time it took and the disk the course uses.
    course
        .run(&["doctor"])
        .assert_code(0)
        .assert_stdout_has("already built (looked in ")
        .assert_stdout_has("the course takes ")
        .assert_stdout_has(" of builds in ");
}

#[test]
fn a_pass_on_sqlite_says_what_only_postgresql_checks() {
    let course = TempCourse::new("postgres-only");
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-pg",
        id: "it-pg",
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests: &passing("it_pg"),
        hints: &["42."],
    };
    course.add(&spec);
    let manifest = course.path("exercises/01-basics/01-pg/Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("the exercise's Cargo.toml");
    fs::write(
        &manifest,
        text.replace(
            "hints = [",
            "postgres-only = \"the two servers\"\nhints = [",
        ),
    )
    .expect("writing the exercise's Cargo.toml");

    let note = "On SQLite, part of this exercise is not checked: the two servers.";
    course
        .run_with(&["check", "it-pg"], &[("WORKSHOP_DATABASE_URL", "")])
        .assert_code(0)
        .assert_stdout_has("PASS it-pg")
        .assert_stdout_has(note);
    let on_postgres = course.run_with(
        &["check", "it-pg"],
        &[(
            "WORKSHOP_DATABASE_URL",
            "postgres://course@localhost/workshop",
        )],
    );
    on_postgres.assert_code(0).assert_stdout_has("PASS it-pg");
    assert!(
        !on_postgres.stdout.contains("On SQLite"),
        "on PostgreSQL everything was checked:\n{}",
        on_postgres.stdout
    );
}
