//! `cargo workshop report --class DIR`: a class's reports, as learners' runners wrote them,
//! become one table; every file that is not a report is named and skipped.

mod support;

use std::fs;

use support::{Spec, TempCourse};

const ANSWER_42: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";
const TESTS: &str = "#[test]\nfn answers() {}\n";

/// A course of three exercises, each learner's progress written as their runner would keep
/// it, and their reports made by the real `report --format json`.
fn class_course(name: &str) -> TempCourse {
    let course = TempCourse::new(name);
    for (dir, id) in [
        ("01-first", "it-class-first"),
        ("02-second", "it-class-second"),
        ("03-third", "it-class-third"),
    ] {
        course.add(&Spec {
            chapter: "01-basics",
            dir,
            id,
            stub: ANSWER_42,
            solution: ANSWER_42,
            tests: TESTS,
            hints: &["42."],
        });
    }
    course
}

/// Writes `progress` as the learner's progress file and saves their JSON report in `file`.
fn report_of(course: &TempCourse, learner: &str, progress: &str, file: &str) {
    let directory = course
        .path(file)
        .parent()
        .expect("a directory")
        .to_path_buf();
    fs::create_dir_all(directory).expect("the class directory");
    course.write(".workshop-progress.json", progress);
    course
        .run(&[
            "report",
            "--format",
            "json",
            "--learner",
            learner,
            "--output",
            file,
        ])
        .assert_code(0);
}

#[test]
fn a_class_of_reports_becomes_one_table_and_foreign_files_are_named() {
    let course = class_course("class-table");
    // Ada passed the first two; the second took her 3 attempts and 7 minutes.
    report_of(
        &course,
        "Ada",
        r#"{"exercises": {
            "it-class-first": {"attempts": 1, "passed": true, "first_attempt_at": 1000, "passed_at": 1000},
            "it-class-second": {"attempts": 3, "passed": true, "first_attempt_at": 2000, "passed_at": 2420}
        }}"#,
        "class/ada.json",
    );
    // Bo is stuck on the second, with the failure the chart should name.
    report_of(
        &course,
        "Bo | <script>",
        r#"{"exercises": {
            "it-class-first": {"attempts": 2, "passed": true, "first_attempt_at": 1000, "passed_at": 1090},
            "it-class-second": {"attempts": 5, "passed": false, "first_attempt_at": 2000,
                                "last_failure": "lists_in_order: expected 3 articles, got 0"}
        }}"#,
        "class/artifacts/bo/workshop-report.json",
    );
    // Cy is stuck on the second too, and sent a report on Monday, when the first still failed.
    report_of(
        &course,
        "Cy",
        r#"{"exercises": {
            "it-class-first": {"attempts": 9, "passed": false, "first_attempt_at": 1000,
                               "last_failure": "answers: expected 42"}
        }}"#,
        "class/cy-monday.json",
    );
    let mut monday: serde_json::Value =
        serde_json::from_str(&course.read("class/cy-monday.json")).expect("a JSON report");
    monday["generated_at"] = "2026-01-05T09:00:00Z".into();
    course.write("class/cy-monday.json", &monday.to_string());
    report_of(
        &course,
        "Cy",
        r#"{"exercises": {
            "it-class-first": {"attempts": 1, "passed": true, "first_attempt_at": 1000, "passed_at": 1005},
            "it-class-second": {"attempts": 1, "passed": false, "first_attempt_at": 2000,
                                "last_failure": "lists_in_order: expected 3 articles, got 0"}
        }}"#,
        "class/cy.json",
    );
    // Dee has not started.
    report_of(&course, "Dee", r#"{"exercises": {}}"#, "class/dee.json");

    // What else lands in a downloaded folder of artifacts.
    course.write("class/notes.txt", "who is on the waiting list?\n");
    course.write(
        "class/broken.json",
        "{\"learner\": \"Eve\", \"exercises\": [",
    );
    course.write("class/package.json", "{\"name\": \"not-a-report\"}\n");
    // CI's JUnit twin of Bo's report is the same report; a JUnit file alone is a stray.
    course.write("class/artifacts/bo/workshop-report.xml", "<testsuites/>\n");
    course.write("class/artifacts/eve/workshop-report.xml", "<testsuites/>\n");
    let other_course = course.read("class/dee.json").replace(
        "\"course\": \"Test course\"",
        "\"course\": \"Another course\"",
    );
    course.write("class/other.json", &other_course);
    fs::write(course.path("class/binary.json"), [0xff, 0xfe, 0x00, 0x01]).expect("write");

    let run = course.run(&["report", "--class", "class", "--output", "out/room-4.md"]);
    run.assert_code(0)
        .assert_stdout_has("Read 4 learners' reports (7 files skipped).")
        .assert_stdout_has("2 learners are at it-class-second")
        .assert_stdout_has("Wrote out/room-4.md and out/room-4.html");
    for (file, reason) in [
        ("notes.txt", "not a .json file"),
        ("broken.json", "not valid JSON"),
        ("package.json", "not a `cargo workshop report`"),
        ("artifacts/eve/workshop-report.xml", "a JUnit report"),
        (
            "other.json",
            "a report of another course (\"Another course\")",
        ),
        ("binary.json", "not UTF-8 text"),
        ("cy-monday.json", "an older report of Cy"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|line| line.contains(&format!("{file}:")))
            .unwrap_or_else(|| panic!("{file} is not named as skipped:\n{}", run.stderr));
        assert!(
            line.contains(reason),
            "{file} skipped for {line:?}, expected {reason:?}"
        );
    }

    let markdown = course.read("out/room-4.md");
    assert!(
        markdown.contains("Most learners are at `it-class-second` (2 of 4)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `it-class-second` | 2 | 1 | 2 | 1 | 3 | 7m | lists_in_order: expected 3 articles, got 0 (2) |"),
        "the stuck table's row for the second exercise:\n{markdown}"
    );
    assert!(
        markdown.contains("| Ada | 2/3 | ✓ 1, 0s | ✓ 3, 7m | · |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Bo \\| &lt;script&gt; | 1/3 | ✓ 2, 1m | ✗ 5 | · |"),
        "a name with a pipe and markup stays in its cell:\n{markdown}"
    );
    assert!(markdown.contains("| Dee | 0/3 | · | · | · |"), "{markdown}");
    assert!(
        markdown.contains("| Cy | 1/3 | ✓ 1, 5s | ✗ 1 | · |"),
        "Cy's newer report is the one used:\n{markdown}"
    );
    assert!(
        markdown.contains("- `notes.txt`: not a .json file"),
        "{markdown}"
    );

    let html = course.read("out/room-4.html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<svg class=\"chart\""),
        "the page has its chart"
    );
    assert!(
        html.contains("1✓ 2✗, 2 here now"),
        "the chart counts the stuck ones"
    );
    assert!(html.contains("Bo | &lt;script&gt;"), "names are escaped");
    assert!(!html.contains("<script"), "the page runs no script");
    for external in ["src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "the page must be self-contained, found {external}"
        );
    }
    assert!(
        html.contains("title=\"lists_in_order: expected 3 articles, got 0\""),
        "a failing cell shows the failure on hover"
    );
}

#[test]
fn a_directory_without_reports_says_so_and_a_missing_one_is_an_error() {
    let course = class_course("class-empty");
    course.write("empty/readme.md", "# nothing here\n");
    let run = course.run(&["report", "--class", "empty"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("readme.md: not a .json file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("no learner's report in empty (1 files skipped"),
        "{}",
        run.stderr
    );
    let missing = course.run(&["report", "--class", "nowhere"]);
    missing.assert_code(2);
    assert!(
        missing.stderr.contains("`nowhere` is not a directory"),
        "{}",
        missing.stderr
    );
}
