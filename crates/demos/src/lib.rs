//! Measured demos for the book.
//!
//! Each demo is a binary in `src/bin/` that measures something real on this machine (a
//! timeline of upstream calls, a runtime's heartbeat, a server's throughput) and writes an SVG
//! chart into `book/src/`, plus the raw numbers as JSON beside it. Regenerate one with
//! `cargo run -p demos --release --bin <name>`; the book then shows the new figures.

pub mod load;
pub mod svg;

use std::path::{Path, PathBuf};

/// The course root, so a demo writes into `book/src/` from any working directory: the
/// workspace above `CARGO_MANIFEST_DIR` (which `cargo run` sets) or above the current
/// directory, found when the demo runs, so a moved or renamed checkout writes into its own book.
pub fn course_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    [manifest_dir, std::env::current_dir().ok()]
        .into_iter()
        .flatten()
        .find_map(|start| {
            start
                .ancestors()
                .find(|dir| is_workspace(dir))
                .map(Path::to_path_buf)
        })
        .expect("run a demo with `cargo run -p demos --release --bin <name>` inside the course")
}

/// A directory whose `Cargo.toml` declares the workspace (a member's has no `[workspace]`).
fn is_workspace(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
}
