//! Measured demos for the book.
//!
//! Each demo is a binary in `src/bin/` that measures something real on this machine (a
//! timeline of upstream calls, a runtime's heartbeat, a server's throughput) and writes an SVG
//! chart into `book/src/`, plus the raw numbers as JSON beside it. Regenerate one with
//! `cargo run -p demos --release --bin <name>`; the book then shows the new figures.

pub mod db;
pub mod load;
pub mod svg;

use std::path::PathBuf;

/// The course root, so a demo writes into `book/src/` from any working directory, found when
/// the demo runs, so a moved or renamed checkout writes into its own book.
pub fn course_root() -> PathBuf {
    course_model::root::find()
        .expect("run a demo with `cargo run -p demos --release --bin <name>` inside the course")
}
