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
