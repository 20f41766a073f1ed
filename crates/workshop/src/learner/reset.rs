//! `cargo workshop reset ID`: back to the stub, without ever losing the learner's work.
//!
//! Before anything is overwritten, every file of the exercise is copied to
//! `.workshop-backups/<id>-<time>/` (ignored by git), and the runner names that directory.
//! The copy is made under a `.partial` name and renamed when complete, so a directory with
//! the final name is always a whole backup; if the backup fails, nothing is touched. The
//! restore that follows finishes even if Ctrl-C arrives meanwhile (see `signals::critical`).
//! The stub comes from git: the newest commit whose files match `shipped.sha256`, which is HEAD
//! unless the learner committed their work. Files the learner added are backed up and removed.

use std::fs;
use std::path::{Path, PathBuf};

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::clock;
use crate::course::{Course, Exercise};
use crate::git;
use crate::progress::Progress;
use crate::shipped::{self, Manifest};

pub const BACKUP_DIR: &str = ".workshop-backups";

/// The stub of an exercise: each file's path (relative to the root) and content.
pub struct Stub {
    pub files: Vec<(String, Vec<u8>)>,
}

/// What resetting one exercise did.
pub enum Reset {
    /// The files were already the stub: nothing to back up or restore.
    AlreadyStub,
    /// Restored; the learner's files are in this backup directory.
    Restored { backup: PathBuf },
}

/// Finds the shipped stub of `exercise` in the course's git history.
pub fn find_stub(course: &Course, exercise: &Exercise) -> Result<Stub> {
    let root = &course.root;
    let dir = slash_path(&exercise.dir);
    if !git::available(root) {
        bail!(
            "reset takes the stub from the course's git history, and {} is not a git checkout. \
             Copy {dir} from a fresh download of the course instead.",
            root.display()
        );
    }
    let manifest = Manifest::load(root).with_context(|| {
        format!(
            "{} is missing, so the shipped stub cannot be told apart from your edits",
            shipped::FILE_NAME
        )
    })?;
    let entries: Vec<(&str, &str)> = manifest
        .under(&dir)
        .map(|(path, hash)| (path.as_str(), hash.as_str()))
        .collect();
    if entries.is_empty() {
        bail!("{} lists no files of {dir}", shipped::FILE_NAME);
    }
    let Some(commit) = shipped::find_commit(root, &entries) else {
        bail!(
            "no recent commit holds the shipped stub of `{}` (the files listed for it in {}). \
             Copy {dir} from a fresh download of the course instead.",
            exercise.id,
            shipped::FILE_NAME
        );
    };
    let mut files = Vec::new();
    for (path, _) in entries {
        let content = git::show(root, &commit, path)
            .with_context(|| format!("reading {path} from commit {commit}"))?;
        files.push((path.to_owned(), content));
    }
    Ok(Stub { files })
}

/// Resets `exercise` to `stub`, backing up the learner's files first. `stamp` names the backup
/// (one stamp for all exercises of a `reset --all`).
pub fn reset(course: &Course, exercise: &Exercise, stub: &Stub, stamp: u64) -> Result<Reset> {
    let root = &course.root;
    let current = shipped::files_under(root, &slash_path(&exercise.dir))?;
    let unchanged = current.len() == stub.files.len()
        && stub.files.iter().all(|(path, content)| {
            fs::read(root.join(path))
                .is_ok_and(|bytes| shipped::hash_bytes(&bytes) == shipped::hash_bytes(content))
        });
    if unchanged {
        return Ok(Reset::AlreadyStub);
    }
    let backup = backup(course, exercise, &current, stamp).with_context(|| {
        format!(
            "could not back up your files of `{}`, so nothing was reset: your files are as they \
             were",
            exercise.id
        )
    })?;
    let _finish_even_on_ctrl_c = crate::signals::critical();
    for path in &current {
        if !stub.files.iter().any(|(stub_path, _)| stub_path == path) {
            fs::remove_file(root.join(path)).with_context(|| format!("removing {path}"))?;
        }
    }
    for (path, content) in &stub.files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, content).with_context(|| format!("writing {path}"))?;
    }
    Ok(Reset::Restored { backup })
}

/// Copies `files` of `exercise` to a new directory under `.workshop-backups/`.
fn backup(course: &Course, exercise: &Exercise, files: &[String], stamp: u64) -> Result<PathBuf> {
    let base = course.root.join(BACKUP_DIR);
    let name = format!("{}-{}", exercise.id, clock::compact(stamp));
    let mut chosen = name.clone();
    let mut n = 2;
    while base.join(&chosen).exists() {
        chosen = format!("{name}-{n}");
        n += 1;
    }
    let dir = base.join(&chosen);
    let partial = base.join(format!("{chosen}.partial"));
    // Left over from a backup that was cut off: never mix it into this one.
    let _ = fs::remove_dir_all(&partial);
    let copied = copy_files(course, exercise, files, &partial)
        .and_then(|()| fs::rename(&partial, &dir).context("naming the finished backup"));
    if copied.is_err() {
        let _ = fs::remove_dir_all(&partial);
    }
    copied?;
    Ok(dir
        .strip_prefix(&course.root)
        .map(Path::to_path_buf)
        .unwrap_or(dir))
}

/// Copies every one of `files` into `dir`, which ends up existing even for no files.
fn copy_files(course: &Course, exercise: &Exercise, files: &[String], dir: &Path) -> Result<()> {
    let prefix = format!("{}/", slash_path(&exercise.dir));
    for path in files {
        let relative = path.strip_prefix(&prefix).unwrap_or(path);
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::copy(course.root.join(path), &target)
            .with_context(|| format!("backing up {path} to {}", target.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(())
}

/// `cargo workshop reset ID`: prints what it did.
pub fn run_one(course: &Course, exercise: &Exercise) -> Result<ExitCode> {
    let stub = find_stub(course, exercise)?;
    match reset(course, exercise, &stub, clock::now())? {
        Reset::AlreadyStub => {
            println!("`{}` is already the stub; nothing to reset.", exercise.id)
        }
        Reset::Restored { backup } => {
            let mut progress = Progress::load(&course.root);
            progress.mark_reset(&exercise.id);
            progress.save()?;
            println!(
                "Restored the stub of `{}`. Your version is saved in {}/",
                exercise.id,
                backup.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo workshop reset --all`: asks first (or refuses without a terminal, unless `yes`).
pub fn run_all(course: &Course, yes: bool) -> Result<ExitCode> {
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "`reset --all` replaces every exercise with its stub; it asks first, and there \
                 is no terminal to ask. Add --yes to go ahead."
            );
        }
        print!(
            "Reset all {} exercises to their stubs? Your files are backed up in {}/ first. \
             Type yes to go on: ",
            course.exercise_count(),
            BACKUP_DIR
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "yes" | "y") {
            println!("Nothing was reset.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let stamp = clock::now();
    let mut progress = Progress::load(&course.root);
    let mut restored = 0;
    for exercise in course.exercises() {
        let stub = find_stub(course, exercise)?;
        if let Reset::Restored { backup } = reset(course, exercise, &stub, stamp)? {
            progress.mark_reset(&exercise.id);
            restored += 1;
            println!("  {:<24} saved in {}/", exercise.id, backup.display());
        }
    }
    progress.save()?;
    println!("Reset {restored} exercise(s); the others were already their stubs.");
    Ok(ExitCode::SUCCESS)
}

/// A relative path with `/`, the manifest's spelling on every system.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
