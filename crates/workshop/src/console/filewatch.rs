//! Noticing saves in the exercise being watched, by polling.
//!
//! Each poll stats the exercise's directories and files (four system calls for a one-file
//! exercise) and lists a directory again only when its own modification time says an entry was
//! added, removed or renamed. Every 50 ms that is a fraction of a percent of one core, and it
//! needs no platform-specific code or crate; inotify would save that little at the price of a
//! dependency and a fallback for every other system.
//! A change is reported once the files have stayed the same for a short moment, so an editor
//! that writes a file in several steps triggers one check, not three. Editor swap and backup
//! files never trigger anything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::shipped::belongs_to_course;

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(50);
/// How long the files must stay unchanged before a change is reported.
pub const SETTLE: Duration = Duration::from_millis(30);

/// Each watched file's modification time and length.
pub type Scan = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// Watches one directory at a time, on a thread of its own.
pub struct FileWatcher {
    dir: Arc<Mutex<PathBuf>>,
}

impl FileWatcher {
    /// Starts watching `dir`; `on_change` gets the changed files' paths.
    pub fn spawn(
        dir: PathBuf,
        on_change: impl Fn(Vec<PathBuf>) -> bool + Send + 'static,
    ) -> FileWatcher {
        let shared = Arc::new(Mutex::new(dir));
        let watched = Arc::clone(&shared);
        thread::spawn(move || poll_loop(&watched, on_change));
        FileWatcher { dir: shared }
    }

    /// Watches `dir` from now on instead.
    pub fn watch(&self, dir: PathBuf) {
        *lock(&self.dir) = dir;
    }
}

fn lock(dir: &Mutex<PathBuf>) -> std::sync::MutexGuard<'_, PathBuf> {
    dir.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Polls until `on_change` returns false (nobody is listening any more).
fn poll_loop(dir: &Mutex<PathBuf>, on_change: impl Fn(Vec<PathBuf>) -> bool) {
    let mut watched = lock(dir).clone();
    let mut tree = Tree::list(&watched);
    let mut last = tree.stamps();
    loop {
        thread::sleep(POLL);
        let moved = *lock(dir) != watched;
        if moved {
            watched = lock(dir).clone();
            tree = Tree::list(&watched);
            last = tree.stamps();
            continue;
        }
        let mut current = tree.refresh(&watched);
        if current == last {
            continue;
        }
        // Wait for the writes to settle.
        loop {
            thread::sleep(SETTLE);
            let again = tree.refresh(&watched);
            if again == current {
                break;
            }
            current = again;
        }
        let changed = changed_paths(&last.scan(), &current.scan());
        last = current;
        if !changed.is_empty() && !on_change(changed) {
            return;
        }
    }
}

fn changed_paths(before: &Scan, after: &Scan) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned(),
    );
    changed
}

/// The stamps of a tree's files; equal when neither the listing nor any file changed.
struct Stamps {
    files: Arc<Vec<PathBuf>>,
    stamps: Vec<Option<(Option<SystemTime>, u64)>>,
}

impl PartialEq for Stamps {
    fn eq(&self, other: &Stamps) -> bool {
        self.stamps == other.stamps && Arc::ptr_eq(&self.files, &other.files)
    }
}

impl Stamps {
    fn scan(&self) -> Scan {
        self.files
            .iter()
            .zip(&self.stamps)
            .filter_map(|(path, stamp)| Some((path.clone(), (*stamp)?)))
            .collect()
    }
}

/// The directories and files being watched, as last listed.
struct Tree {
    /// Each directory and its modification time, which changes when an entry is added,
    /// removed or renamed in it.
    dirs: Vec<(PathBuf, Option<SystemTime>)>,
    /// Shared with the stamps taken from this listing, so taking them copies no path.
    files: Arc<Vec<PathBuf>>,
}

impl Tree {
    fn list(dir: &Path) -> Tree {
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        list_into(dir, &mut dirs, &mut files);
        Tree {
            dirs,
            files: Arc::new(files),
        }
    }

    /// The files' stamps now, listing the directories again if one of them changed.
    fn refresh(&mut self, dir: &Path) -> Stamps {
        let listing_changed = self
            .dirs
            .iter()
            .any(|(path, seen)| fs::metadata(path).and_then(|m| m.modified()).ok() != *seen);
        if listing_changed {
            *self = Tree::list(dir);
        }
        self.stamps()
    }

    /// Each file's stamp, in the tree's order: no allocation beyond one small vector, because
    /// this runs twenty times a second.
    fn stamps(&self) -> Stamps {
        Stamps {
            files: Arc::clone(&self.files),
            stamps: self
                .files
                .iter()
                .map(|path| {
                    fs::metadata(path)
                        .ok()
                        .map(|m| (m.modified().ok(), m.len()))
                })
                .collect(),
        }
    }
}

fn list_into(dir: &Path, dirs: &mut Vec<(PathBuf, Option<SystemTime>)>, files: &mut Vec<PathBuf>) {
    let modified = fs::metadata(dir).and_then(|m| m.modified()).ok();
    dirs.push((dir.to_path_buf(), modified));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !belongs_to_course(&name) {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                if name != "target" {
                    list_into(&entry.path(), dirs, files);
                }
            }
            Ok(_) => files.push(entry.path()),
            Err(_) => {}
        }
    }
}

/// The course files under `dir`: everything but build output and editor leftovers. Listed
/// the way the watcher lists them, so `book --serve` and `watch` agree on what a change is.
pub fn scan(dir: &Path) -> Scan {
    Tree::list(dir).stamps().scan()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;

    #[test]
    fn reports_a_save_once_and_ignores_editor_files() {
        let dir = std::env::temp_dir().join(format!("workshop-filewatch-{}", std::process::id()));
        fs::create_dir_all(dir.join("src")).expect("temp dir");
        fs::write(dir.join("src/lib.rs"), "// stub\n").expect("write");
        let (sender, changes) = mpsc::channel();
        let _watcher = FileWatcher::spawn(dir.clone(), move |paths| sender.send(paths).is_ok());
        thread::sleep(POLL * 3);

        // An editor's swap file and backup: nothing to report.
        fs::write(dir.join("src/.lib.rs.swp"), "swap").expect("write");
        fs::write(dir.join("src/lib.rs~"), "backup").expect("write");
        assert!(
            changes.recv_timeout(POLL * 6).is_err(),
            "editor files triggered a check"
        );

        // A save in two steps, as some editors do it: one report.
        let saved_at = Instant::now();
        fs::write(dir.join("src/lib.rs"), "").expect("write");
        fs::write(dir.join("src/lib.rs"), "// edited, and longer\n").expect("write");
        let changed = changes
            .recv_timeout(Duration::from_secs(5))
            .expect("a report");
        let reaction = saved_at.elapsed();
        assert_eq!(changed, [dir.join("src/lib.rs")]);
        assert!(
            changes.recv_timeout(POLL * 4).is_err(),
            "one save was reported twice"
        );
        // Generous: the machine may be loaded. The design figure is POLL + SETTLE.
        assert!(reaction < Duration::from_secs(2), "took {reaction:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}
