//! The one directory walker of the course's tools: every file under a directory, as paths
//! relative to it, sorted, with the names a caller passes over left out (a `target/`, an
//! editor's backup) along with everything inside them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it, sorted. An entry whose file name `skip` accepts is
/// left out, and a directory so named is not entered. Links are not followed.
pub fn files(dir: &Path, skip: impl Fn(&str) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in fs::read_dir(dir.join(&relative))? {
            let entry = entry?;
            let name = entry.file_name();
            if skip(&name.to_string_lossy()) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(relative.join(&name));
            } else if kind.is_file() {
                found.push(relative.join(&name));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The files under `dir` ending in `.extension`, relative to it, sorted.
pub fn files_with_extension(dir: &Path, extension: &str) -> io::Result<Vec<PathBuf>> {
    let mut found = files(dir, |_| false)?;
    found.retain(|path| path.extension().is_some_and(|e| e == extension));
    Ok(found)
}

/// The directories right inside `dir`, as full paths, sorted; none when `dir` is not there.
pub fn subdirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    if dir.is_dir() {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            }
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// `relative` with `/` between its parts, on every platform (the manifest's and the book's
/// spelling of a path).
pub fn slashed(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_nested_files_in_order_and_skips_what_it_is_told() {
        let dir = std::env::temp_dir().join(format!("course-model-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for file in ["b.md", "a/z.md", "a/y.rs", "target/x.md", "a/target/w.md"] {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, "").expect("write");
        }
        let found = files(&dir, |name| name == "target").expect("walks");
        let found: Vec<String> = found.iter().map(|p| slashed(p)).collect();
        assert_eq!(found, ["a/y.rs", "a/z.md", "b.md"]);
        let markdown = files_with_extension(&dir, "md").expect("walks");
        assert_eq!(markdown.len(), 4, "{markdown:?}");
        let dirs = subdirs(&dir).expect("lists");
        assert_eq!(dirs, [dir.join("a"), dir.join("target")]);
        assert!(subdirs(&dir.join("absent")).expect("lists").is_empty());
        fs::remove_dir_all(&dir).expect("clean up");
    }
}
