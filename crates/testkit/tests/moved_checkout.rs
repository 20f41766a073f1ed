//! A course that is moved or renamed keeps judging with its own snapshots.
//!
//! `mv` keeps file times, so cargo does not rebuild after a move: a path compiled into testkit
//! would still name the old folder. This test starts its own binary again as `cargo test` would
//! start it in a checkout somewhere else, and checks that testkit finds that checkout.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Set for the child process: print the root instead of checking it.
const PRINT_ROOT: &str = "TESTKIT_PRINT_ROOT";
/// Set for the child process: assert the snapshot that only the moved course has.
const ASSERT_SNAPSHOT: &str = "TESTKIT_ASSERT_MOVED_SNAPSHOT";
/// A snapshot name no real course has: the compiled-in folder cannot answer for it, just as
/// if the old checkout were gone.
const MOVED_SNAPSHOT: &str = "only_in_the_moved_course";

/// A skeleton course in a fresh temporary directory: a workspace manifest, the package's
/// directory and the snapshot folder. Removed when dropped.
struct MovedCourse(PathBuf);

impl MovedCourse {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("crates/testkit")).expect("create the moved package");
        fs::create_dir_all(root.join("tests/snapshots")).expect("create the snapshot folder");
        fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n",
        )
        .expect("write the workspace manifest");
        fs::write(
            root.join("crates/testkit/Cargo.toml"),
            "[package]\nname = \"testkit\"\n",
        )
        .expect("write the package manifest");
        Self(root.canonicalize().expect("the temporary directory exists"))
    }

    /// The root testkit reports when this test binary runs in the moved course.
    fn root_seen_by_tests(&self, insta_root: Option<&Path>) -> PathBuf {
        let package = self.0.join("crates/testkit");
        let mut child = Command::new(std::env::current_exe().expect("the test binary's path"));
        child
            .args([
                "the_root_holds_the_shared_snapshots",
                "--exact",
                "--nocapture",
            ])
            .current_dir(&package)
            .env("CARGO_MANIFEST_DIR", &package)
            .env(PRINT_ROOT, "1")
            .env_remove("INSTA_WORKSPACE_ROOT");
        if let Some(root) = insta_root {
            child.env("INSTA_WORKSPACE_ROOT", root);
        }
        let output = child.output().expect("the test binary starts again");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "the test binary failed in the moved course:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = stdout
            .lines()
            .find_map(|line| line.strip_prefix("root="))
            .unwrap_or_else(|| panic!("the child printed no root:\n{stdout}"));
        PathBuf::from(line)
    }
}

impl MovedCourse {
    /// Writes the moved course's own copy of [`MOVED_SNAPSHOT`], holding `course`.
    fn write_snapshot(&self, course: &str) {
        let file = self.0.join(format!(
            "tests/snapshots/moved_checkout__{MOVED_SNAPSHOT}.snap"
        ));
        let text = format!(
            "---\nsource: crates/testkit/tests/moved_checkout.rs\n---\n{{\n  \"course\": \"{course}\"\n}}\n"
        );
        fs::write(file, text).expect("write the moved course's snapshot");
    }

    /// Runs [`MOVED_SNAPSHOT`]'s assertion in the moved course as a check would (nothing is
    /// ever written); its output if it failed.
    fn snapshot_check(&self, insta_root: Option<&Path>) -> Result<(), String> {
        let package = self.0.join("crates/testkit");
        let mut child = Command::new(std::env::current_exe().expect("the test binary's path"));
        child
            .args(["a_moved_course_reads_its_own_snapshots", "--exact"])
            .current_dir(&package)
            .env("CARGO_MANIFEST_DIR", &package)
            .env(ASSERT_SNAPSHOT, "1")
            .env("INSTA_UPDATE", "no")
            .env_remove("INSTA_FORCE_PASS")
            .env_remove("INSTA_WORKSPACE_ROOT");
        if let Some(root) = insta_root {
            child.env("INSTA_WORKSPACE_ROOT", root);
        }
        let output = child.output().expect("the test binary starts again");
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

impl Drop for MovedCourse {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_root_holds_the_shared_snapshots() {
    let root = testkit::workspace_root();
    if std::env::var_os(PRINT_ROOT).is_some() {
        println!("root={}", root.display());
        return;
    }
    assert!(
        root.join("tests/snapshots").is_dir() && root.join("exercises").is_dir(),
        "{} is not the course root",
        root.display()
    );
    assert_eq!(
        testkit::snapshot::snapshot_dir(),
        root.join("tests/snapshots")
    );
}

#[test]
fn a_moved_course_is_found_where_its_tests_run() {
    let moved = MovedCourse::new("testkit-moved-course");
    assert_eq!(
        moved.root_seen_by_tests(None),
        moved.0,
        "started in the moved course without INSTA_WORKSPACE_ROOT, testkit must find the \
         course from CARGO_MANIFEST_DIR, not from where it was compiled"
    );
    assert_eq!(
        moved.root_seen_by_tests(Some(&moved.0)),
        moved.0,
        "the course's .cargo/config.toml sets INSTA_WORKSPACE_ROOT: testkit must follow it"
    );
}

#[test]
fn a_root_that_is_not_a_workspace_is_passed_over() {
    let moved = MovedCourse::new("testkit-root-precedence");
    let package = moved.0.join("crates/testkit");
    let elsewhere = std::env::temp_dir();
    // A stale INSTA_WORKSPACE_ROOT (not a workspace) loses to the package's own workspace.
    assert_eq!(
        testkit::root::find(Some(package.clone()), Some(package.clone()), None),
        Some(moved.0.clone())
    );
    // Without CARGO_MANIFEST_DIR (a binary started by hand), the working directory decides.
    assert_eq!(
        testkit::root::find(None, None, Some(&package)),
        Some(moved.0.clone())
    );
    assert_eq!(
        testkit::root::find(None, Some(package), Some(&elsewhere)),
        Some(moved.0.clone())
    );
}

#[test]
fn a_moved_course_reads_its_own_snapshots() {
    if std::env::var_os(ASSERT_SNAPSHOT).is_some() {
        testkit::assert_json_snapshot!(MOVED_SNAPSHOT, testkit::json!({"course": "moved"}));
        return;
    }
    let moved = MovedCourse::new("testkit-moved-snapshots");
    moved.write_snapshot("moved");
    for insta_root in [None, Some(moved.0.as_path())] {
        if let Err(output) = moved.snapshot_check(insta_root) {
            panic!(
                "the moved course has the matching snapshot, but the check failed \
                 (INSTA_WORKSPACE_ROOT {insta_root:?}): the snapshot was looked for where the \
                 tests were compiled, not in the moved course.\n{output}"
            );
        }
    }
    // Changed in the moved copy: the change must count, not be read past.
    moved.write_snapshot("changed in the moved copy");
    let output = moved
        .snapshot_check(Some(&moved.0))
        .expect_err("a snapshot changed in the moved course must make the check fail");
    assert!(
        output.contains(MOVED_SNAPSHOT),
        "the failure should name the snapshot:\n{output}"
    );
}
