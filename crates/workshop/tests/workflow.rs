//! The GitHub workflow shipped for learners' forks (`.github/workflows/workshop-progress.yml`)
//! cannot run here, so this test reads it and runs what it runs: every step that calls
//! `cargo workshop` is executed as written (by bash, with `cargo workshop` pointing at this
//! build of the runner) in a course where a learner has started two exercises, and what the
//! steps write is checked. The rest of the file is checked against the project: the toolchain
//! it installs is the course's `rust-version`, the cache is keyed on Cargo.lock and that
//! toolchain, and the test report and artifact are the files the commands write.

mod support;
mod yaml;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use support::{Spec, TempCourse, assert_well_formed_xml, bin, real_root, target_dir};
use yaml::Node;

const WORKFLOW: &str = ".github/workflows/workshop-progress.yml";
const JSON_REPORT: &str = "workshop-report/workshop-report.json";
const JUNIT_REPORT: &str = "workshop-report/workshop-report.xml";

fn workflow() -> Node {
    let text = fs::read_to_string(real_root().join(WORKFLOW)).expect("the workflow file");
    yaml::parse(&text).unwrap_or_else(|e| panic!("{WORKFLOW}: {e}"))
}

fn steps(workflow: &Node) -> &[Node] {
    workflow
        .at("jobs.progress.steps")
        .expect("jobs.progress.steps")
        .items()
}

fn step_using<'w>(workflow: &'w Node, action: &str) -> &'w Node {
    steps(workflow)
        .iter()
        .find(|step| {
            step.get("uses")
                .and_then(Node::str)
                .is_some_and(|uses| uses.starts_with(&format!("{action}@")))
        })
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

fn with<'s>(step: &'s Node, key: &str) -> &'s str {
    step.at(&format!("with.{key}"))
        .and_then(Node::str)
        .unwrap_or_else(|| panic!("the step has no with.{key}: {step:?}"))
}

fn rust_version() -> String {
    let text = fs::read_to_string(real_root().join("Cargo.toml")).expect("Cargo.toml");
    let manifest: toml::Table = toml::from_str(&text).expect("Cargo.toml parses");
    manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .expect("workspace.package.rust-version")
        .to_owned()
}

#[test]
fn the_workflow_matches_the_project() {
    let workflow = workflow();
    assert!(
        workflow.at("on.push").is_some(),
        "the workflow runs on every push"
    );
    assert_eq!(
        workflow.at("permissions.checks").and_then(Node::str),
        Some("write"),
        "publishing the test report needs `checks: write`"
    );
    assert_eq!(
        workflow.at("env.RUST_TOOLCHAIN").and_then(Node::str),
        Some(rust_version().as_str()),
        "the workflow's toolchain is the course's rust-version"
    );
    let toolchain_step = steps(&workflow)
        .iter()
        .filter_map(|step| step.get("run").and_then(Node::str))
        .find(|script| script.contains("rustup"))
        .expect("a step installs the toolchain");
    assert!(
        toolchain_step.contains("rustup toolchain install \"$RUST_TOOLCHAIN\"")
            && toolchain_step.contains("rustup default \"$RUST_TOOLCHAIN\""),
        "{toolchain_step}"
    );

    let cache = step_using(&workflow, "actions/cache");
    let key = with(cache, "key");
    assert!(
        key.contains("hashFiles('Cargo.lock')") && key.contains("${{ env.RUST_TOOLCHAIN }}"),
        "the cache is keyed on Cargo.lock and the toolchain: {key}"
    );
    for path in [
        "~/.cargo/registry/index/",
        "~/.cargo/registry/cache/",
        "target/",
    ] {
        assert!(
            with(cache, "path").lines().any(|line| line == path),
            "the cache keeps {path}"
        );
    }

    let reporter = step_using(&workflow, "dorny/test-reporter");
    assert_eq!(with(reporter, "path"), JUNIT_REPORT);
    assert_eq!(with(reporter, "reporter"), "java-junit");
    let artifact = step_using(&workflow, "actions/upload-artifact");
    assert_eq!(
        with(artifact, "path"),
        format!("{}/", JSON_REPORT.split('/').next().expect("a directory"))
    );
    for step in [reporter, artifact] {
        assert_eq!(
            step.get("if").and_then(Node::str),
            Some("always()"),
            "published even when a step before fails"
        );
    }

    // Every cargo command it runs is the runner's, with the files the steps above publish.
    let commands: Vec<&str> = scripts(&workflow)
        .iter()
        .flat_map(|script| script.lines())
        .filter(|line| line.trim_start().starts_with("cargo "))
        .collect();
    for line in &commands {
        assert!(line.trim_start().starts_with("cargo workshop "), "{line}");
    }
    for expected in [
        format!(
            "cargo workshop report --check --format json --learner \"$LEARNER\" --output {JSON_REPORT}"
        ),
        format!(
            "cargo workshop report --format junit --learner \"$LEARNER\" --output {JUNIT_REPORT}"
        ),
    ] {
        assert!(
            commands.iter().any(|line| line.trim() == expected),
            "the workflow runs `{expected}`; it runs {commands:#?}"
        );
    }
}

/// The `run:` scripts that call the runner, in order.
fn scripts(workflow: &Node) -> Vec<&str> {
    steps(workflow)
        .iter()
        .filter_map(|step| step.get("run").and_then(Node::str))
        .filter(|script| script.contains("cargo workshop"))
        .collect()
}

const ANSWER_42: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";
const ANSWER_TODO: &str =
    "/// The answer.\npub fn answer() -> u32 {\n    // TODO: answer 42\n    todo!(\"answer\")\n}\n";

fn answers(lib: &str) -> String {
    format!(
        "#[test]\nfn answers_forty_two() {{\n    assert_eq!({lib}::answer(), 42, \"the answer should be 42\");\n}}\n"
    )
}

#[test]
fn the_workflow_steps_report_what_passes_in_the_pushed_code() {
    let course = TempCourse::new("workflow");
    let specs = [
        ("01-done", "it-workflow-done"),
        ("02-wrong", "it-workflow-wrong"),
        ("03-untouched", "it-workflow-untouched"),
    ];
    for (dir, id) in specs {
        course.add(&Spec {
            chapter: "01-basics",
            dir,
            id,
            stub: ANSWER_TODO,
            solution: ANSWER_42,
            tests: &answers(&id.replace('-', "_")),
            hints: &["42."],
        });
    }
    course.ship();
    // The learner's push: one exercise solved, one attempted and still wrong, one untouched.
    course.write(
        "exercises/01-basics/01-done/src/lib.rs",
        "pub fn answer() -> u32 {\n    42\n}\n",
    );
    course.write(
        "exercises/01-basics/02-wrong/src/lib.rs",
        "pub fn answer() -> u32 {\n    41\n}\n",
    );

    // `cargo` on the steps' PATH: `cargo workshop` is this build of the runner, anything else
    // is the real cargo.
    let real_cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let workshop = bin();
    let workshop = workshop.display();
    let shims = course.path("shims");
    fs::create_dir_all(&shims).expect("shims");
    let shim = shims.join("cargo");
    fs::write(
        &shim,
        format!(
            "#!/bin/sh\nif [ \"$1\" = workshop ]; then shift; exec '{workshop}' \"$@\"; fi\nexec '{real_cargo}' \"$@\"\n"
        ),
    )
    .expect("the cargo shim");
    fs::set_permissions(&shim, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        shims.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = course.path("step-summary.md");

    let workflow = workflow();
    for script in scripts(&workflow) {
        let output = Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(&course.root)
            .env("PATH", &path)
            .env("CARGO", &real_cargo)
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_NET_OFFLINE", "true")
            .env("NO_COLOR", "1")
            .env("LEARNER", "octo-learner")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env_remove("WORKSHOP_ROOT")
            .env_remove("WORKSHOP_TEST_TIMEOUT")
            .env_remove("WORKSHOP_RUN_TIMEOUT")
            .output()
            .expect("bash runs");
        assert!(
            output.status.success(),
            "the step\n{script}\nfailed:\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let report: serde_json::Value =
        serde_json::from_str(&course.read(JSON_REPORT)).expect("the JSON report parses");
    assert_eq!(report["learner"], "octo-learner");
    let status = |id: &str| {
        report["exercises"]
            .as_array()
            .expect("exercises")
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} in the report"))["status"]
            .clone()
    };
    assert_eq!(status("it-workflow-done"), "passed");
    assert_eq!(status("it-workflow-wrong"), "failing");
    assert_eq!(
        status("it-workflow-untouched"),
        "not-started",
        "an exercise the learner never edited is not checked, so it is not a failure"
    );

    let junit = course.read(JUNIT_REPORT);
    assert_well_formed_xml(&junit);
    assert!(
        junit.contains("the answer should be 42"),
        "the failure is in the test report:\n{junit}"
    );
    assert!(
        junit.contains("<skipped message=\"not started\"/>"),
        "{junit}"
    );

    let summary = fs::read_to_string(summary).expect("the step summary was written");
    assert!(
        summary.contains("| octo-learner | 1/3 | ✓ 1, 0s | ✗ 1 | · |"),
        "the run's summary shows the learner's row:\n{summary}"
    );
    assert!(
        !summary.contains("Files skipped"),
        "the JUnit twin in the artifact is not a stray file:\n{summary}"
    );
}
