//! The runner on a learner's real machine: mistyped IDs, odd course paths, a disk that will not
//! take the progress file, a progress file from a newer runner, a reset that cannot back up,
//! and Ctrl-C in the middle of a check. Each gets a clear message and loses nothing.
//!
//! See `support/mod.rs` for how the temporary courses are made.

mod support;

use std::fs;
use std::time::{Duration, Instant};

use support::{Spec, TempCourse};

const ANSWER_42: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";
const ANSWER_TODO: &str =
    "/// The answer.\npub fn answer() -> u32 {\n    // TODO: answer 42\n    todo!(\"answer\")\n}\n";

fn passing(lib: &str) -> String {
    format!("#[test]\nfn answers_forty_two() {{\n    assert_eq!({lib}::answer(), 42);\n}}\n")
}

/// A course of one exercise `id` whose check passes.
fn one_exercise(name: &str, id: &'static str, lib: &'static str) -> (TempCourse, String) {
    let course = TempCourse::new(name);
    let tests = passing(lib);
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-answer",
        id,
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests: &tests,
        hints: &["42."],
    };
    course.add(&spec);
    let stub = course.stub_path(&spec);
    (course, stub)
}

#[test]
fn an_unknown_exercise_id_gets_a_suggestion_and_changes_nothing() {
    let (course, _) = one_exercise("unknown-id", "it-answer", "it_answer");
    for command in ["check", "hint", "reset", "solution"] {
        let run = course.run(&[command, "it-anwser"]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains("there is no exercise `it-anwser`. Did you mean it-answer?"),
            "`{command} it-anwser`:\n{}",
            run.stderr
        );
    }
    let run = course.run(&["check", "something-else-entirely"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("The exercises are: it-answer"),
        "{}",
        run.stderr
    );
    assert!(
        !course.path(".workshop-progress.json").exists(),
        "a mistyped ID must not record anything"
    );
}

#[test]
fn a_course_path_with_spaces_and_non_ascii_letters_works() {
    let (course, _) = one_exercise(
        "a course with spaces, Ünïcödé and 日本語",
        "it-spaces",
        "it_spaces",
    );
    course
        .run(&["check", "it-spaces"])
        .assert_code(0)
        .assert_stdout_has("PASS it-spaces");
    course
        .run(&["status"])
        .assert_code(0)
        .assert_stdout_has("1/1 exercises done");
    course.run(&["hint", "it-spaces"]).assert_code(0);
}

#[cfg(target_os = "linux")]
#[test]
fn a_progress_file_that_cannot_be_written_loses_nothing() {
    let (course, _) = one_exercise("unwritable-progress", "it-disk", "it_disk");
    course.run(&["check", "it-disk"]).assert_code(0);
    let before = course.read(".workshop-progress.json");
    let temporary = course.path(".workshop-progress.json.tmp");

    // A full disk: /dev/full takes no byte ("No space left on device").
    std::os::unix::fs::symlink("/dev/full", &temporary).expect("a symlink to /dev/full");
    let run = course.run(&["check", "it-disk"]);
    run.assert_code(2).assert_stdout_has("PASS it-disk");
    for needle in [
        "could not save your progress",
        "Nothing is lost",
        "The disk is full",
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    assert_eq!(course.read(".workshop-progress.json"), before);
    assert!(
        fs::symlink_metadata(&temporary).is_err(),
        "the failed save left its temporary file behind"
    );

    // A write refused outright (here a directory is in the way, which refuses even root).
    fs::create_dir(&temporary).expect("a directory in the way");
    let run = course.run(&["hint", "it-disk"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("could not save your progress")
            && run.stderr.contains("Nothing is lost"),
        "{}",
        run.stderr
    );
    assert_eq!(course.read(".workshop-progress.json"), before);
    fs::remove_dir(&temporary).expect("clearing the way");
    course.run(&["check", "it-disk"]).assert_code(0);
    assert_ne!(
        course.read(".workshop-progress.json"),
        before,
        "once the disk takes it again, the progress is saved"
    );
}

#[test]
fn a_progress_file_from_a_newer_runner_is_read_and_left_untouched() {
    let (course, _) = one_exercise("newer-progress", "it-newer", "it_newer");
    let newer = r#"{"version": 7, "exercises": {"it-newer": {"attempts": 4, "passed": true, "streak": 3}}, "badges": ["early"]}"#;
    course.write(".workshop-progress.json", newer);
    let run = course.run(&["status"]);
    run.assert_code(0).assert_stdout_has("1/1 exercises done");
    assert!(
        run.stderr
            .contains("written by a newer `cargo workshop` (format 7"),
        "{}",
        run.stderr
    );
    course.run(&["check", "it-newer"]).assert_code(0);
    course.run(&["hint", "it-newer"]).assert_code(0);
    assert_eq!(
        course.read(".workshop-progress.json"),
        newer,
        "a newer runner's file must never be rewritten by an older runner"
    );
}

#[test]
fn a_reset_that_cannot_back_up_changes_nothing() {
    let (course, stub_path) = one_exercise("reset-no-backup", "it-backup", "it_backup");
    // Ship the stub, then the learner's work replaces it.
    course.write(&stub_path, ANSWER_TODO);
    course.ship();
    course.git_init();
    course.write(&stub_path, "// my work, not yet committed\n");
    // A file where the backup directory should be: the backup cannot be made.
    course.write(".workshop-backups", "not a directory\n");
    let run = course.run(&["reset", "it-backup"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("could not back up your files of `it-backup`, so nothing was reset"),
        "{}",
        run.stderr
    );
    assert_eq!(course.read(&stub_path), "// my work, not yet committed\n");

    // With room for the backup, the reset goes ahead, and no half backup is ever named.
    fs::remove_file(course.path(".workshop-backups")).expect("clearing the way");
    course.run(&["reset", "it-backup"]).assert_code(0);
    assert_eq!(course.read(&stub_path), ANSWER_TODO);
    let names: Vec<String> = fs::read_dir(course.path(".workshop-backups"))
        .expect("the backups")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(!names[0].ends_with(".partial"), "{names:?}");
    assert_eq!(
        course.read(&format!(".workshop-backups/{}/src/lib.rs", names[0])),
        "// my work, not yet committed\n"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_the_middle_of_a_check_stops_everything_and_records_nothing() {
    let course = TempCourse::new("ctrl-c");
    let tests = r#"
#[test]
fn waits() {
    let pid_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pid");
    std::fs::write(&pid_file, std::process::id().to_string()).expect("pid");
    std::thread::sleep(std::time::Duration::from_secs(300));
}
"#;
    let spec = Spec {
        chapter: "01-basics",
        dir: "01-ctrl-c",
        id: "it-ctrl-c",
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests,
        hints: &["Wait."],
    };
    course.add(&spec);
    course.write(
        ".workshop-progress.json",
        "{\"version\": 1, \"exercises\": {\"it-ctrl-c\": {\"attempts\": 1, \"passed\": true}}}\n",
    );
    let before = course.read(".workshop-progress.json");
    let pid_file = course.path("exercises/01-basics/01-ctrl-c/pid");
    let mut runner = support::KillOnDrop(
        course
            .command(&["check", "it-ctrl-c", "--timeout", "120"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the runner starts"),
    );
    let started = Instant::now();
    while !pid_file.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the test never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    let test_pid: u32 = fs::read_to_string(&pid_file)
        .expect("the pid file")
        .trim()
        .parse()
        .expect("a pid");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &runner.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());

    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = runner.0.try_wait().expect("waiting for the runner") {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(10),
            "the runner was still running 10 s after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130), "Ctrl-C's exit code is 130");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !support::process_is_gone(test_pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        support::process_is_gone(test_pid),
        "the test process {test_pid} outlived the runner's Ctrl-C"
    );
    let mut stdout = String::new();
    use std::io::Read;
    if let Some(mut out) = runner.0.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    assert!(
        !stdout.contains("FAIL"),
        "an interrupted check must not print a verdict:\n{stdout}"
    );
    assert_eq!(
        course.read(".workshop-progress.json"),
        before,
        "an interrupted check must not be recorded"
    );
}
