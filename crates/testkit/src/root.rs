//! Finding the course root at run time, so a moved or renamed checkout reads its own snapshots.
//!
//! A path fixed at compile time (`env!("CARGO_MANIFEST_DIR")`) outlives a `mv` of the course:
//! moving keeps file times, so cargo does not rebuild, and the tests would go on reading the old
//! folder's snapshots (or fail when it is gone). The root is found from what the test process is
//! given when it starts instead: `cargo test` and the runner set `INSTA_WORKSPACE_ROOT` (the
//! course's `.cargo/config.toml` does) and `CARGO_MANIFEST_DIR`, and start it in the package.

use std::path::{Path, PathBuf};

/// The course root: `INSTA_WORKSPACE_ROOT`, else the workspace above `CARGO_MANIFEST_DIR`, else
/// the workspace above the current directory, all read when the test runs.
///
/// # Panics
/// When none of them leads to a course: a test binary started by hand from outside the course
/// has no way to find its snapshots, and guessing would read another checkout's.
pub fn workspace_root() -> PathBuf {
    let env = |name| std::env::var_os(name).map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    find(
        env("INSTA_WORKSPACE_ROOT"),
        env("CARGO_MANIFEST_DIR"),
        cwd.as_deref(),
    )
    .unwrap_or_else(|| {
        panic!(
            "cannot find the course root: run the tests with `cargo test` or \
             `cargo workshop check` from inside the course, or set INSTA_WORKSPACE_ROOT to it"
        )
    })
}

/// The first of: `explicit` if it is a course root, the nearest workspace at or above
/// `manifest_dir`, the nearest workspace at or above `cwd`.
pub fn find(
    explicit: Option<PathBuf>,
    manifest_dir: Option<PathBuf>,
    cwd: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(root) = explicit.filter(|dir| is_workspace(dir)) {
        return Some(root);
    }
    [manifest_dir.as_deref(), cwd]
        .into_iter()
        .flatten()
        .find_map(|start| start.ancestors().find(|dir| is_workspace(dir)))
        .map(Path::to_path_buf)
}

/// A directory whose `Cargo.toml` declares the workspace (a member's has no `[workspace]`).
fn is_workspace(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}
