//! `cargo workshop verify`: the instructor's proof that the course is whole.
//!
//! - every exercise has a solution, a test file and a book page, and nothing is orphaned (a
//!   chapter page with no exercise sets no task: no `cargo workshop check`, no solution reveal);
//! - every `{{#include}}` resolves, no page carries an uncompiled Rust listing, the book
//!   builds and has no broken internal link;
//! - every stub file without a `TODO` is its solution's copy, and no stub carries the book's
//!   anchor markers (`provided`);
//! - every reference solution passes its tests, and every stub compiles and fails them (a
//!   solution that fails once is run again: passing then, it is a warning that names the
//!   load-sensitive test, not a problem);
//! - no test waits longer than the runner lets it run (`deadlines`);
//! - every explanation rule links pages that exist and explains its own example
//!   (`explanations`);
//! - `shipped.sha256` lists the stubs, tests and test support as they are (verify rewrites it
//!   when they changed; on CI, where nobody would commit the rewrite, a stale one is a problem).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use course_model::walk::subdirs;
use serde::Deserialize;

use crate::book;
use crate::check::{self, Verdict};
use crate::course::{Course, Exercise};
use crate::shipped::{self, Manifest as Shipped};
use crate::testrun::{self, Limits};
use crate::ui;

mod deadlines;
mod explanations;
pub mod provided;

/// Runs every check and prints each problem. Returns the number of problems.
pub fn run(course: &Course, limits: Limits) -> Result<usize> {
    let mut problems = Vec::new();

    println!(
        "{}",
        ui::bold("Structure: exercises, solutions, tests, pages")
    );
    problems.extend(report_section(structure(course)?));

    println!(
        "{}",
        ui::bold("Provided files: stubs without a TODO are their solution's")
    );
    problems.extend(report_section(provided::problems(course)?));

    println!("{}", ui::bold("Book: listings, links, build"));
    problems.extend(report_section(book_checks(course)?));

    println!(
        "{}",
        ui::bold("Tests: every solution passes, every stub fails")
    );
    let (test_problems, warnings) = test_checks(course, limits)?;
    problems.extend(report_section(test_problems));
    save_warnings(course, &warnings)?;

    println!(
        "{}",
        ui::bold("Deadlines: every test's own wait ends within the runner's limit")
    );
    // Against the default limit, the one learners run with, whatever this run was given.
    let limit = Limits::default().per_test;
    problems.extend(report_section(deadlines::check(&course.root, limit)?));

    println!(
        "{}",
        ui::bold("Explanations: every rule's page exists, every rule's example is its own")
    );
    problems.extend(report_section(explanations::check(&course.root)?));

    println!("{}", ui::bold("Shipped files: shipped.sha256"));
    problems.extend(report_section(manifest_check(course)?));

    for warning in &warnings {
        println!(
            "\n{} {}",
            ui::red("warning:"),
            ui::indent(warning, 2).trim_start()
        );
    }
    if problems.is_empty() {
        println!(
            "\n{} {} exercises, their solutions, tests and pages are consistent.",
            ui::green("verify: OK"),
            course.exercise_count()
        );
    } else {
        println!(
            "\n{} {} problem(s):",
            ui::red("verify: FAILED"),
            problems.len()
        );
        for problem in &problems {
            println!("  - {}", problem.lines().next().unwrap_or(""));
        }
    }
    Ok(problems.len())
}

/// Where the last run's warnings are kept, for a CI script to repeat at the end of its
/// output, where they are read (verify's own lines scroll away under the later steps).
pub const WARNINGS_FILE: &str = "target/workshop/verify-warnings.txt";

fn save_warnings(course: &Course, warnings: &[String]) -> Result<()> {
    let path = course.root.join(WARNINGS_FILE);
    if warnings.is_empty() {
        return match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("removing {}", path.display()))
            }
            _ => Ok(()),
        };
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(&path, warnings.join("\n\n") + "\n")
        .with_context(|| format!("writing {}", path.display()))
}

fn report_section(problems: Vec<String>) -> Vec<String> {
    if problems.is_empty() {
        println!("  {}", ui::green("ok"));
    }
    for problem in &problems {
        println!("  {} {}", ui::red("x"), ui::indent(problem, 4).trim_start());
    }
    problems
}

/// The parts of a Cargo.toml that tie an exercise to its solution and test file.
#[derive(Deserialize)]
struct Manifest {
    package: Package,
    lib: Option<Lib>,
    #[serde(default)]
    test: Vec<TestTarget>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
}

#[derive(Deserialize)]
struct Lib {
    name: Option<String>,
}

#[derive(Deserialize)]
struct TestTarget {
    name: String,
    path: Option<PathBuf>,
}

fn read_manifest(path: &Path) -> Result<Manifest> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

pub fn structure(course: &Course) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let root = &course.root;
    for exercise in course.exercises() {
        let id = &exercise.id;
        problems.extend(package_wiring(course, exercise, &exercise.dir, id)?);
        let solution_manifest = course.path(&exercise.solution_dir).join("Cargo.toml");
        if solution_manifest.is_file() {
            let expected = exercise.solution_package();
            let manifest = read_manifest(&solution_manifest)?;
            if manifest.package.name != expected {
                problems.push(format!(
                    "{}: the package should be named `{expected}`, not `{}`",
                    exercise.solution_dir.display(),
                    manifest.package.name
                ));
            }
            problems.extend(package_wiring(
                course,
                exercise,
                &exercise.solution_dir,
                id,
            )?);
        } else {
            problems.push(format!(
                "{id}: no reference solution at {}",
                exercise.solution_dir.display()
            ));
        }
        if !course.path(&exercise.test_file).is_file() {
            problems.push(format!(
                "{id}: no test file {}",
                exercise.test_file.display()
            ));
        }
        if !course.path(&exercise.page).is_file() {
            problems.push(format!("{id}: no book page {}", exercise.page.display()));
        }
        if exercise.hints.is_empty() {
            problems.push(format!(
                "{id}: no hints in [package.metadata.workshop] of {}/Cargo.toml",
                exercise.dir.display()
            ));
        }
        if exercise.todo_files.is_empty() {
            problems.push(format!(
                "{id}: the stub has no `TODO` under {}/src telling the learner what to do",
                exercise.dir.display()
            ));
        }
    }

    // And back: nothing in solutions/, tests/ or the book that no exercise owns.
    let by_solution_dir: BTreeSet<PathBuf> =
        course.exercises().map(|e| e.solution_dir.clone()).collect();
    for chapter in subdirs(&root.join("solutions"))? {
        for dir in subdirs(&chapter)? {
            let relative = dir.strip_prefix(root)?.to_path_buf();
            if !by_solution_dir.contains(&relative) {
                problems.push(format!(
                    "{}: a solution with no exercise at {}",
                    relative.display(),
                    Path::new("exercises")
                        .join(relative.strip_prefix("solutions")?)
                        .display()
                ));
            }
        }
    }
    let test_files: BTreeMap<String, &Exercise> = course
        .exercises()
        .map(|e| (e.lib_name.clone(), e))
        .collect();
    for entry in fs::read_dir(root.join("tests"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if !test_files.contains_key(&stem) {
                problems.push(format!("tests/{stem}.rs: a test file with no exercise"));
            }
        }
    }
    problems.extend(orphan_snapshots(course, &test_files)?);
    let pages: BTreeSet<PathBuf> = course.exercises().map(|e| e.page.clone()).collect();
    let src = root.join("book/src");
    for chapter in &course.chapters {
        let dir = src.join(&chapter.dir_name);
        if !dir.join("index.md").is_file() {
            problems.push(format!(
                "book/src/{}/index.md: the chapter has no intro page",
                chapter.dir_name
            ));
        }
        for page in book::pages(&dir).unwrap_or_default() {
            let relative = Path::new("book/src").join(&chapter.dir_name).join(&page);
            if page == Path::new("index.md") || pages.contains(&relative) {
                continue;
            }
            // A page that only explains (a measured lesson, no task) needs no exercise; one
            // that sends the learner to `cargo workshop check`, or reveals a solution,
            // promises an exercise that must exist.
            let text = fs::read_to_string(root.join(&relative)).unwrap_or_default();
            if text.contains("cargo workshop check") || text.contains("class=\"solution\"") {
                problems.push(format!(
                    "{}: a page with no exercise `{}` in this chapter, yet it sets a task \
                     (`cargo workshop check` or a solution reveal)",
                    relative.display(),
                    page.file_stem().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    Ok(problems)
}

/// Checks that a package builds the shared library name and test file of its exercise.
fn package_wiring(
    course: &Course,
    exercise: &Exercise,
    dir: &Path,
    id: &str,
) -> Result<Vec<String>> {
    let manifest = read_manifest(&course.path(dir).join("Cargo.toml"))?;
    let mut problems = Vec::new();
    let lib_name = manifest.lib.and_then(|l| l.name);
    if lib_name.as_deref() != Some(exercise.lib_name.as_str()) {
        problems.push(format!(
            "{}: [lib] name must be `{}` so the shared test file compiles against it",
            dir.display(),
            exercise.lib_name
        ));
    }
    let expected_path = pathdiff(&course.path(&exercise.test_file), &course.path(dir));
    let wired = manifest
        .test
        .iter()
        .any(|t| t.name == exercise.lib_name && t.path.as_deref() == Some(expected_path.as_path()));
    if !wired {
        problems.push(format!(
            "{}: needs [[test]] name = \"{}\", path = \"{}\" ({id})",
            dir.display(),
            exercise.lib_name,
            expected_path.display()
        ));
    }
    Ok(problems)
}

/// `to` relative to `from`, both under the course root.
fn pathdiff(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to[common..] {
        path.push(component);
    }
    path
}

/// A snapshot `<lib>__<name>.snap` belongs to `tests/<lib>.rs`, which must mention `"<name>"`.
fn orphan_snapshots(
    course: &Course,
    test_files: &BTreeMap<String, &Exercise>,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let dir = course.root.join("tests/snapshots");
    if !dir.is_dir() {
        return Ok(problems);
    }
    for entry in fs::read_dir(&dir)? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        let Some(stem) = file.strip_suffix(".snap") else {
            if file.ends_with(".snap.new") || file.ends_with(".pending-snap") {
                problems.push(format!(
                    "tests/snapshots/{file}: a snapshot never reviewed; accept or delete it"
                ));
            }
            continue;
        };
        let owner = stem
            .split_once("__")
            .and_then(|(lib, name)| test_files.get(lib).map(|e| (e, name)));
        let referenced = owner.is_some_and(|(exercise, name)| {
            fs::read_to_string(course.path(&exercise.test_file))
                .is_ok_and(|source| source.contains(&format!("\"{name}\"")))
        });
        if !referenced {
            problems.push(format!(
                "tests/snapshots/{file}: no test asserts this snapshot any more"
            ));
        }
    }
    Ok(problems)
}

fn book_checks(course: &Course) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let src = course.root.join("book/src");
    let pages = book::pages(&src)?;
    let listed = book::summary_pages(&src)?;
    let listed_set: BTreeSet<&PathBuf> = listed.iter().collect();
    for page in &pages {
        if page != Path::new("SUMMARY.md") && !listed_set.contains(page) {
            problems.push(format!(
                "book/src/{}: not in SUMMARY.md, so no reader can reach it",
                page.display()
            ));
        }
        problems.extend(book::check_listings(&src, page)?);
    }
    for page in &listed {
        if !src.join(page).is_file() {
            problems.push(format!(
                "SUMMARY.md links to book/src/{}, which does not exist",
                page.display()
            ));
        }
    }
    // Exercise pages appear in SUMMARY.md in the same order as the exercises.
    let exercise_pages: Vec<PathBuf> = course
        .exercises()
        .filter_map(|e| e.page.strip_prefix("book/src").ok().map(Path::to_path_buf))
        .collect();
    let listed_exercise_pages: Vec<&PathBuf> = listed
        .iter()
        .filter(|p| exercise_pages.contains(p))
        .collect();
    if listed_exercise_pages
        .iter()
        .copied()
        .ne(exercise_pages.iter())
    {
        problems
            .push("SUMMARY.md does not list the exercise pages in the exercises' order".to_owned());
    }
    if !problems.is_empty() {
        // Building a book with broken includes only repeats the same problems.
        return Ok(problems);
    }
    let out = course.root.join("target/workshop/book");
    book::build(&course.root, &out)?;
    problems.extend(book::broken_links(&out)?);
    Ok(problems)
}

/// Keeps `shipped.sha256` in step with the stubs, tests and test support.
fn manifest_check(course: &Course) -> Result<Vec<String>> {
    let current = Shipped::compute(&course.root)?;
    let recorded = Shipped::load(&course.root);
    if recorded.as_ref() == Some(&current) {
        return Ok(Vec::new());
    }
    let changed: Vec<&String> = match &recorded {
        Some(recorded) => current
            .files
            .iter()
            .filter(|(path, hash)| recorded.files.get(*path) != Some(hash))
            .map(|(path, _)| path)
            .chain(
                recorded
                    .files
                    .keys()
                    .filter(|p| !current.files.contains_key(*p)),
            )
            .collect(),
        None => current.files.keys().collect(),
    };
    let listed: Vec<&str> = changed.iter().take(5).map(|p| p.as_str()).collect();
    let more = changed.len().saturating_sub(listed.len());
    let which = format!(
        "{}{}",
        listed.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    if std::env::var_os("CI").is_some() {
        return Ok(vec![format!(
            "{} is out of date ({which}); run `cargo workshop verify` and commit it",
            shipped::FILE_NAME
        )]);
    }
    current.save(&course.root)?;
    println!(
        "  {} updated {} ({which}): commit it with your change",
        ui::green("ok"),
        shipped::FILE_NAME
    );
    Ok(Vec::new())
}

/// The problems, and the warnings: solutions that failed once and passed when run again.
fn test_checks(course: &Course, limits: Limits) -> Result<(Vec<String>, Vec<String>)> {
    let mut packages = Vec::new();
    for exercise in course.exercises() {
        packages.push(exercise.id.clone());
        packages.push(exercise.solution_package());
    }
    let artifacts = match testrun::build_many(&course.root, &packages)? {
        Ok(artifacts) => artifacts,
        Err(diagnostics) => {
            return Ok((
                vec![format!(
                    "the exercises and solutions do not all compile:\n{diagnostics}"
                )],
                Vec::new(),
            ));
        }
    };
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    for exercise in course.exercises() {
        for (dir, must_pass) in [(&exercise.solution_dir, true), (&exercise.dir, false)] {
            let manifest = course.path(dir).join("Cargo.toml");
            let executable = artifacts
                .iter()
                .find(|a| {
                    same_file(&a.manifest_path, &manifest)
                        && a.target.name == exercise.lib_name
                        && a.target.kind.iter().any(|k| k == "test")
                })
                .and_then(|a| a.executable.as_ref());
            let Some(executable) = executable else {
                problems.push(format!("{}: cargo built no test binary", dir.display()));
                continue;
            };
            let run = || check::run_built(course, exercise, executable, &course.path(dir), limits);
            let mut verdict = run()?;
            if must_pass && !matches!(verdict, Verdict::Passed { .. }) {
                // A reference solution that fails once and passes at once after is a test
                // that depends on the machine's load, not a course out of step: run it again
                // to tell the two apart, and report the first run so the test gets mended.
                let again = run()?;
                if matches!(again, Verdict::Passed { .. }) {
                    let warning = format!(
                        "{}: failed once, passed on a second run; a test that depends on \
                         the machine's load: {}{}",
                        exercise.solution_package(),
                        describe(&verdict),
                        why_not_passed(&verdict)
                    );
                    println!(
                        "  {} {}",
                        ui::red("!!"),
                        ui::indent(&warning, 4).trim_start()
                    );
                    warnings.push(warning);
                }
                verdict = again;
            }
            let line = describe(&verdict);
            let ok = matches!(
                (&verdict, must_pass),
                (Verdict::Passed { .. }, true) | (Verdict::Failed { .. }, false)
            );
            let who = if must_pass {
                exercise.solution_package()
            } else {
                exercise.id.clone()
            };
            println!(
                "  {} {who:<32} {line}",
                if ok { ui::green("ok") } else { ui::red("x ") }
            );
            if !ok {
                let expectation = if must_pass {
                    "the reference solution must pass"
                } else {
                    "the stub must fail its tests (and not hang or crash)"
                };
                let why = if must_pass {
                    why_not_passed(&verdict)
                } else {
                    String::new()
                };
                problems.push(format!("{who}: {expectation}; it {line}{why}"));
            }
        }
    }
    Ok((problems, warnings))
}

fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Passed { tests, .. } => format!("passes all {tests} tests"),
        Verdict::Failed { failed, total, .. } => format!("fails {failed} of {total} tests"),
        other => other.summary(),
    }
}

/// For a solution that does not pass, the test that failed first and the first lines of
/// its message (a timeout already names its tests): "fails 1 of 34 tests" alone sends the
/// instructor to rerun the whole suite to learn which one, and a failure seen once under
/// load may not come back.
fn why_not_passed(verdict: &Verdict) -> String {
    const LINES: usize = 6;
    match verdict {
        Verdict::Failed { first, .. } => {
            let message: Vec<&str> = first.message.lines().take(LINES).collect();
            let place = first
                .location
                .as_deref()
                .map(|at| format!(" (at {at})"))
                .unwrap_or_default();
            format!(
                "\n      first failure: {}{place}\n        {}",
                first.test,
                message.join("\n        ")
            )
        }
        _ => String::new(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || a.canonicalize()
            .ok()
            .zip(b.canonicalize().ok())
            .is_some_and(|(a, b)| a == b)
}
