//! The author's tools: `cargo workshop dev new` and `cargo workshop dev sync`, in temp courses.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use support::{Spec, TempCourse, real_root};

const TESTS: &str = "#[test]\nfn fails_on_the_stub() {\n    assert!(LIB::done());\n}\n";

fn spec<'a>(id: &'a str, tests: &'a str) -> Spec<'a> {
    Spec {
        chapter: "01-basics",
        dir: "01-first",
        id,
        stub: "// TODO: say it is done\npub fn done() -> bool {\n    false\n}\n",
        solution: "pub fn done() -> bool {\n    true\n}\n",
        tests,
        hints: &["Return true."],
    }
}

/// A course with one chapter, its intro page, SUMMARY.md and one exercise.
fn course_with_one_exercise(name: &str, id: &str) -> TempCourse {
    let course = TempCourse::new(name);
    let tests = TESTS.replace("LIB", &id.replace('-', "_"));
    course.add(&spec(id, &tests));
    course.write("book/src/01-basics/index.md", "# Basics\n");
    course.write(
        "book/src/SUMMARY.md",
        &format!("# Summary\n\n- [Basics](01-basics/index.md)\n    - [First](01-basics/{id}.md)\n"),
    );
    // The generated packages depend on workspace-hack, like every package of the course:
    // point the temp workspace at the real one (already built with every feature).
    let manifest = course.read("Cargo.toml");
    let mut manifest: toml::Table = toml::from_str(&manifest).expect("parses");
    let hack = real_root().join("crates/workspace-hack");
    manifest["workspace"]["dependencies"]
        .as_table_mut()
        .expect("[workspace.dependencies]")
        .insert(
            "workspace-hack".to_owned(),
            toml::Value::Table(toml::Table::from_iter([(
                "path".to_owned(),
                toml::Value::from(hack.to_string_lossy().into_owned()),
            )])),
        );
    course.write(
        "Cargo.toml",
        &toml::to_string(&manifest).expect("serializes"),
    );
    course
}

/// Every file of the course (build output aside) and its content.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("reads").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under root");
                found.insert(
                    relative.to_string_lossy().into_owned(),
                    fs::read(&path).expect("read"),
                );
            }
        }
    }
    found
}

#[test]
fn dev_new_writes_an_exercise_that_verify_accepts_and_whose_stub_fails() {
    let course = course_with_one_exercise("dev-new", "it-new-first");
    let run = course.run(&["dev", "new", "basics", "it-new-second"]);
    run.assert_code(0)
        .assert_stdout_has("verify's structure and listing checks accept it");

    let dir = "exercises/01-basics/02-it-new-second";
    let solution = "solutions/01-basics/02-it-new-second";
    let stub = course.read(&format!("{dir}/src/lib.rs"));
    assert!(
        stub.contains("// TODO:") && stub.contains("todo!("),
        "the stub should leave the learner a TODO and a todo!():\n{stub}"
    );
    assert!(
        !stub.contains("ANCHOR"),
        "the stub should carry no anchor markers:\n{stub}"
    );
    let reference = course.read(&format!("{solution}/src/lib.rs"));
    assert!(
        reference.contains("// ANCHOR: handler") && !reference.contains("todo!("),
        "the solution should be whole, with the anchor its page's reveal includes:\n{reference}"
    );
    let manifest = course.read(&format!("{dir}/Cargo.toml"));
    for wiring in [
        "name = \"it-new-second\"",
        "name = \"it_new_second\"",
        "path = \"../../../tests/it_new_second.rs\"",
        "hints = [",
        "[lints]\nworkspace = true",
    ] {
        assert!(
            manifest.contains(wiring),
            "the exercise's Cargo.toml lacks `{wiring}`:\n{manifest}"
        );
    }
    assert!(
        course
            .read(&format!("{solution}/Cargo.toml"))
            .contains("name = \"it-new-second-solution\""),
        "the solution's package is <id>-solution"
    );
    let test_file = course.read("tests/it_new_second.rs");
    assert!(
        test_file.contains("#[tokio::test]") && test_file.contains("it_new_second::app()"),
        "the shared test file should test the new library:\n{test_file}"
    );
    let page = course.read("book/src/01-basics/it-new-second.md");
    for part in [
        "<div class=\"side-by-side\">",
        "## What goes wrong, and how it shows",
        "## Make it fail first",
        "## Your task",
        "cargo workshop check it-new-second",
        "<details class=\"solution\">",
        "{{#include ../../../solutions/01-basics/02-it-new-second/src/lib.rs:handler}}",
    ] {
        assert!(page.contains(part), "the page lacks `{part}`:\n{page}");
    }
    let summary = course.read("book/src/SUMMARY.md");
    assert!(
        summary.ends_with(
            "    - [First](01-basics/it-new-first.md)\n    - [It new second](01-basics/it-new-second.md)\n"
        ),
        "SUMMARY.md should list the new page after the chapter's last one:\n{summary}"
    );

    // Wired the way the runner judges it: the solution passes, the stub fails.
    course
        .run(&["check", "it-new-second", "--solution"])
        .assert_code(0);
    course
        .run(&["check", "it-new-second"])
        .assert_code(1)
        .assert_stdout_has("FAIL it-new-second");
}

#[test]
fn dev_new_refuses_bad_input_with_a_reason_and_writes_nothing() {
    let course = course_with_one_exercise("dev-new-bad", "it-bad-first");
    course.write(
        "crates/tool/Cargo.toml",
        "[package]\nname = \"it-bad-tool\"\nversion = \"0.1.0\"\n",
    );
    let before = files(&course.root);
    for (args, reason) in [
        (
            ["dev", "new", "no-such-chapter", "fresh"],
            "there is no chapter `no-such-chapter`. The chapters are: 01-basics",
        ),
        (
            ["dev", "new", "01-basics", "it-bad-first"],
            "the name `it-bad-first` is taken by the exercise `it-bad-first`",
        ),
        (
            ["dev", "new", "basics", "Rate_Limit"],
            "`Rate_Limit` is not an exercise name: use lowercase words joined by `-`",
        ),
        (
            ["dev", "new", "1", "async"],
            "`async` cannot be a library name",
        ),
        (
            ["dev", "new", "basics", "it-bad-tool"],
            "the name `it-bad-tool` is taken by the package `it-bad-tool` in crates/",
        ),
    ] {
        let run = course.run(&args);
        run.assert_code(2);
        assert!(
            run.stderr.contains(reason),
            "`cargo workshop {}` should say {reason:?}; it said:\n{}",
            args.join(" "),
            run.stderr
        );
        assert!(
            files(&course.root) == before,
            "`cargo workshop {}` failed but changed the course",
            args.join(" ")
        );
    }
}

#[test]
fn dev_sync_copies_provided_code_from_the_solution_and_removes_stub_anchors() {
    let course = course_with_one_exercise("dev-sync", "it-sync-first");
    let stub = "exercises/01-basics/01-first/src";
    let solution = "solutions/01-basics/01-first/src";
    course.write(
        &format!("{solution}/models.rs"),
        "// ANCHOR: model\npub struct Model {\n    pub id: u32,\n}\n// ANCHOR_END: model\n",
    );
    course.write(
        &format!("{stub}/models.rs"),
        "// ANCHOR: model\npub struct Model;\n// ANCHOR_END: model\n",
    );
    course.write(
        &format!("{stub}/lib.rs"),
        "// ANCHOR: done\n// TODO: say it is done\npub fn done() -> bool {\n    false\n}\n\
         // ANCHOR_END: done\n",
    );
    let before = files(&course.root);

    let check = course.run(&["dev", "sync", "--check"]);
    check
        .assert_code(1)
        .assert_stdout_has(&format!(
            "{stub}/models.rs differs from {solution}/models.rs"
        ))
        .assert_stdout_has(&format!("{stub}/lib.rs has anchor markers"));
    assert!(
        files(&course.root) == before,
        "`dev sync --check` only reports; it changed files"
    );

    course.run(&["dev", "sync"]).assert_code(0);
    assert_eq!(
        course.read(&format!("{stub}/models.rs")),
        "pub struct Model {\n    pub id: u32,\n}\n",
        "a provided file becomes the solution's copy, anchor markers left out"
    );
    assert_eq!(
        course.read(&format!("{stub}/lib.rs")),
        "// TODO: say it is done\npub fn done() -> bool {\n    false\n}\n",
        "a file with a TODO keeps the learner's part and loses only its anchor markers"
    );
    course
        .run(&["dev", "sync", "--check"])
        .assert_code(0)
        .assert_stdout_has("Every provided stub file is its solution's copy.");
}
