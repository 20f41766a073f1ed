//! `shipped.sha256`: what the course shipped, so the runner can tell a learner's changes apart.
//!
//! The manifest lists a SHA-256 for every file of the stubs (`exercises/`), the tests
//! (`tests/`, snapshots included) and the test support (`crates/testkit/`), in the format of
//! `sha256sum`, so `sha256sum -c shipped.sha256` checks it too. `cargo workshop verify` keeps
//! it up to date and CI fails if it is stale.
//!
//! A manifest rather than `git diff` against a commit because it also works when the learner
//! commits their work (then HEAD holds the learner's version and "the commit they cloned" is
//! unknown), after a download without git, and without running git on every check. It is a
//! guard against honest mistakes (an edited snapshot, a "fixed" test), not against cheating:
//! whoever edits the manifest too can fool it.
//!
//! Line endings are normalised before hashing: a Windows checkout with `core.autocrlf` must not
//! look like an edit of every file.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::{git, sha256, walk};

pub const FILE_NAME: &str = "shipped.sha256";

/// The directories the manifest covers, relative to the course root.
pub const COVERED: &[&str] = &["exercises", "tests", "crates/testkit"];

/// Path (relative, with `/`) → SHA-256 of its content.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// Reads `shipped.sha256` at `root`; `None` if there is none (or it cannot be read).
    pub fn load(root: &Path) -> Option<Manifest> {
        let text = fs::read_to_string(root.join(FILE_NAME)).ok()?;
        Some(Manifest::parse(&text))
    }

    fn parse(text: &str) -> Manifest {
        let files = text
            .lines()
            .filter_map(|line| {
                let (hash, path) = line.split_once("  ")?;
                Some((path.trim().to_owned(), hash.trim().to_owned()))
            })
            .collect();
        Manifest { files }
    }

    /// The manifest of the course as it is on disk now.
    pub fn compute(root: &Path) -> Result<Manifest> {
        let mut files = BTreeMap::new();
        for dir in COVERED {
            for path in files_under(root, dir)? {
                let hash = hash_file(&root.join(&path))?;
                files.insert(path, hash);
            }
        }
        Ok(Manifest { files })
    }

    pub fn render(&self) -> String {
        self.files
            .iter()
            .map(|(path, hash)| format!("{hash}  {path}\n"))
            .collect()
    }

    pub fn save(&self, root: &Path) -> Result<()> {
        let path = root.join(FILE_NAME);
        fs::write(&path, self.render()).with_context(|| format!("writing {}", path.display()))
    }

    /// The entries under `prefix/` (a directory relative to the root).
    pub fn under<'m>(&'m self, prefix: &str) -> impl Iterator<Item = (&'m String, &'m String)> {
        let prefix = format!("{}/", prefix.trim_end_matches('/'));
        self.files
            .iter()
            .filter(move |(path, _)| path.starts_with(&prefix))
    }
}

/// The newest commit in which every one of `entries` (path, hash) has its shipped content:
/// HEAD unless the learner committed over the files. `None` without git or if no commit among
/// the recent ones that touched the files matches.
pub fn find_commit(root: &Path, entries: &[(&str, &str)]) -> Option<String> {
    if !git::available(root) || entries.is_empty() {
        return None;
    }
    let paths: Vec<&str> = entries.iter().map(|(path, _)| *path).collect();
    let mut candidates = vec!["HEAD".to_owned()];
    candidates.extend(git::commits_touching(root, &paths, 200));
    candidates.into_iter().find(|revision| {
        entries.iter().all(|(path, hash)| {
            git::show(root, revision, path).is_some_and(|bytes| hash_bytes(&bytes) == *hash)
        })
    })
}

/// The SHA-256 of a file's content with `\r\n` read as `\n`.
pub fn hash_file(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(hash_bytes(&bytes))
}

pub fn hash_bytes(bytes: &[u8]) -> String {
    sha256::hex_digest(&normalize_line_endings(bytes))
}

fn normalize_line_endings(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&byte) = iter.next() {
        if byte == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(byte);
    }
    out
}

/// Every file under `dir` (relative to `root`) that belongs to the course, as relative paths
/// with `/`: no build output, no hidden files, no editor backups, no unreviewed snapshots.
pub fn files_under(root: &Path, dir: &str) -> Result<Vec<String>> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let files = walk::files(&base, |name| name == "target" || !belongs_to_course(name))?;
    let mut found: Vec<String> = files
        .iter()
        .map(|file| walk::slashed(&Path::new(dir).join(file)))
        .collect();
    // In the manifest's order (the order of the text), not the order of path components.
    found.sort();
    Ok(found)
}

/// Editors and tools leave files beside the real ones; none of them is part of the course.
pub fn belongs_to_course(name: &str) -> bool {
    !(name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".snap.new")
        || name.ends_with(".pending-snap")
        || name.ends_with(".orig")
        || name.ends_with(".rej")
        || name == "4913")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_line_endings_hash_like_unix_ones() {
        assert_eq!(hash_bytes(b"a\r\nb\r\n"), hash_bytes(b"a\nb\n"));
        assert_ne!(hash_bytes(b"a\rb"), hash_bytes(b"ab"));
    }

    #[test]
    fn reads_back_what_it_writes() {
        let mut manifest = Manifest::default();
        manifest
            .files
            .insert("tests/a.rs".to_owned(), hash_bytes(b"x"));
        manifest
            .files
            .insert("tests/snapshots/a__b.snap".to_owned(), hash_bytes(b"y"));
        assert_eq!(Manifest::parse(&manifest.render()), manifest);
        assert_eq!(manifest.under("tests/snapshots").count(), 1);
    }

    #[test]
    fn editor_files_are_not_course_files() {
        for name in [
            ".lib.rs.swp",
            "lib.rs~",
            "#lib.rs#",
            ".#lib.rs",
            "4913",
            "x.snap.new",
        ] {
            assert!(!belongs_to_course(name), "{name}");
        }
        assert!(belongs_to_course("lib.rs"));
        assert!(belongs_to_course("hello__greeting.snap"));
    }
}
