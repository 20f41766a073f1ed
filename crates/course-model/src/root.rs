//! Finding the course root, so `cargo workshop`, the book check and the demos work from any
//! directory inside the course (or, run with `--manifest-path` from outside, where cargo says).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The course root: `WORKSHOP_ROOT` if set, else the nearest directory at or above the current
/// one that holds both a `Cargo.toml` and an `exercises/` directory.
pub fn find() -> Result<PathBuf> {
    if let Some(root) = std::env::var_os("WORKSHOP_ROOT") {
        return Ok(PathBuf::from(root));
    }
    let cwd = std::env::current_dir()?;
    if let Some(root) = cwd.ancestors().find(|dir| is_course_root(dir)) {
        return Ok(root.to_path_buf());
    }
    // Run by `cargo run` (the alias) with `--manifest-path` from outside: cargo tells the
    // runner where its package is. Read when it runs, never fixed when it was built, so a moved
    // or renamed course is found where it is now.
    if let Some(package) = std::env::var_os("CARGO_MANIFEST_DIR")
        && let Some(root) = Path::new(&package)
            .ancestors()
            .find(|dir| is_course_root(dir))
    {
        return Ok(root.to_path_buf());
    }
    bail!(
        "run this inside the course directory (the one with `exercises/` and `Cargo.toml`); \
         the current directory is {}",
        cwd.display()
    )
}

fn is_course_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("exercises").is_dir()
}
