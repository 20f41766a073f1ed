//! The command line as a learner meets it: each command's `--help`, "did you mean" for a
//! mistyped command, flag or exercise ID, a flag given to a command it means nothing to, and
//! environment variables read only by the commands that use them.
//!
//! Nothing here builds an exercise: every case is decided before a check starts.

mod support;

use support::{Run, Spec, TempCourse};

const ANSWER: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";
const TESTS: &str = "#[test]\nfn answers() {\n    assert_eq!(cli_answer::answer(), 42);\n}\n";

fn course(name: &str) -> TempCourse {
    let course = TempCourse::new(name);
    course.add(&Spec {
        chapter: "01-basics",
        dir: "01-answer",
        id: "cli-answer",
        stub: ANSWER,
        solution: ANSWER,
        tests: TESTS,
        hints: &["42."],
    });
    course
}

#[track_caller]
fn assert_stderr_has(run: &Run, needle: &str) {
    assert!(
        run.stderr.contains(needle),
        "stderr lacks {needle:?}.\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn every_command_has_its_own_help_naming_only_its_options() {
    let course = course("cli-help");
    let check = course.run(&["check", "--help"]);
    check
        .assert_code(0)
        .assert_stdout_has("cargo workshop check [ID]")
        .assert_stdout_has("--timeout SECS")
        .assert_stdout_has("--solution");
    let list = course.run(&["list", "--help"]);
    list.assert_code(0)
        .assert_stdout_has("cargo workshop list\n");
    assert!(
        !list.stdout.contains("--timeout"),
        "`list` runs no tests, so its help offers no time limit:\n{}",
        list.stdout
    );
    // The same text through `help COMMAND` and `-h`.
    assert_eq!(course.run(&["help", "check"]).stdout, check.stdout);
    assert_eq!(course.run(&["check", "-h"]).stdout, check.stdout);
    // And the overview names every command's help.
    course
        .run(&["--help"])
        .assert_code(0)
        .assert_stdout_has("cargo workshop reset [ID]")
        .assert_stdout_has("cargo workshop COMMAND --help");
}

#[test]
fn help_works_outside_a_course() {
    let dir = std::env::temp_dir();
    let run = Run::from(
        std::process::Command::new(support::bin())
            .args(["solution", "--help"])
            .current_dir(&dir)
            .env_remove("WORKSHOP_ROOT")
            .output()
            .expect("the runner starts"),
    );
    run.assert_code(0).assert_stdout_has("--force");
}

#[test]
fn a_mistyped_command_gets_the_close_ones() {
    let course = course("cli-command");
    let run = course.run(&["chek"]);
    run.assert_code(2);
    assert_stderr_has(&run, "there is no command `chek`. Did you mean `check`?");
    let far = course.run(&["frobnicate"]);
    far.assert_code(2);
    assert_stderr_has(&far, "there is no command `frobnicate`. The commands:");
    assert_stderr_has(&far, "cargo workshop list");
}

#[test]
fn a_mistyped_flag_gets_the_close_one_of_that_command() {
    let course = course("cli-flag");
    let run = course.run(&["check", "--timout", "5"]);
    run.assert_code(2);
    assert_stderr_has(
        &run,
        "`check` has no option `--timout`. Did you mean `--timeout`?",
    );
    let reset = course.run(&["reset", "--al"]);
    reset.assert_code(2);
    assert_stderr_has(&reset, "Did you mean `--all`?");
    assert_stderr_has(&reset, "See `cargo workshop reset --help`.");
}

#[test]
fn a_flag_given_to_a_command_it_means_nothing_to_says_where_it_belongs() {
    let course = course("cli-misplaced");
    let run = course.run(&["list", "--timeout", "5"]);
    run.assert_code(2);
    assert_stderr_has(
        &run,
        "`--timeout` is an option of `cargo workshop`, `watch`, `check`, `report` or `verify`, \
         not of `list`.",
    );
    let force = course.run(&["hint", "--force"]);
    force.assert_code(2);
    assert_stderr_has(
        &force,
        "`--force` is an option of `solution`, not of `hint`.",
    );
    // Operands are counted too.
    let extra = course.run(&["list", "cli-answer"]);
    extra.assert_code(2);
    assert_stderr_has(
        &extra,
        "`cargo workshop list` takes no operand, got `cli-answer`.",
    );
}

#[test]
fn a_mistyped_exercise_id_gets_the_close_one() {
    let course = course("cli-id");
    for command in ["check", "hint", "solution", "watch"] {
        let run = course.run(&[command, "cli-anser"]);
        run.assert_code(2);
        assert_stderr_has(
            &run,
            "there is no exercise `cli-anser`. Did you mean cli-answer?",
        );
    }
}

#[test]
fn a_malformed_time_limit_breaks_only_the_commands_that_run_tests() {
    let course = course("cli-env");
    let bad = [("WORKSHOP_TEST_TIMEOUT", "ten")];
    course
        .run_with(&["list"], &bad)
        .assert_code(0)
        .assert_stdout_has("cli-answer");
    course
        .run_with(&["hint", "cli-answer"], &bad)
        .assert_code(0)
        .assert_stdout_has("42.");
    let check = course.run_with(&["check", "cli-answer"], &bad);
    check.assert_code(2);
    assert_stderr_has(&check, "`ten` is not a number of seconds");
}
