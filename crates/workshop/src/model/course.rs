//! The course as it is on disk: chapters and exercises, discovered from the directory tree.
//!
//! There is no separate list to keep in sync. An exercise is a package under
//! `exercises/<NN-chapter>/<NN-slug>/`; its ID is the package name, which never changes, while
//! the numbers in directory names only give the reading order. Everything else about an
//! exercise (its solution, test file, book page) is found by convention from those two names.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The whole course, in reading order.
#[derive(Debug)]
pub struct Course {
    pub root: PathBuf,
    /// The book's title, from `book/book.toml`.
    pub title: String,
    pub chapters: Vec<Chapter>,
}

#[derive(Debug)]
pub struct Chapter {
    /// The directory name, such as `01-async-views`; also the book's directory for the chapter.
    pub dir_name: String,
    /// "Async views": the heading of the chapter's intro page.
    pub title: String,
    pub exercises: Vec<Exercise>,
}

#[derive(Debug)]
pub struct Exercise {
    /// The stable ID: the package name, such as `hello`.
    pub id: String,
    /// The library name shared by the exercise and its solution, such as `list_view`.
    pub lib_name: String,
    pub title: String,
    pub hints: Vec<String>,
    /// `exercises/<chapter>/<dir>`, relative to the course root.
    pub dir: PathBuf,
    /// `solutions/<chapter>/<dir>`, relative to the course root.
    pub solution_dir: PathBuf,
    /// `tests/<lib_name>.rs`, relative to the course root.
    pub test_file: PathBuf,
    /// `book/src/<chapter>/<id>.md`, relative to the course root.
    pub page: PathBuf,
    /// The stub's source files that still hold a `TODO`, relative to the course root, `lib.rs`
    /// first. Bigger exercises spread their TODOs over several files.
    pub todo_files: Vec<PathBuf>,
    /// What the tests check only on PostgreSQL (`postgres-only` in the metadata): a pass on
    /// SQLite says so, or a learner without PostgreSQL would take it for the whole exercise.
    pub postgres_only: Option<String>,
}

impl Exercise {
    /// The package that holds the reference solution.
    pub fn solution_package(&self) -> String {
        format!("{}-solution", self.id)
    }

    /// The file a learner edits.
    pub fn source_file(&self) -> PathBuf {
        self.dir.join("src/lib.rs")
    }

    /// What to tell a learner to edit: the files with a `TODO` left, or `src/lib.rs`.
    pub fn files_to_edit(&self) -> String {
        if self.todo_files.is_empty() {
            return self.source_file().display().to_string();
        }
        if let [only] = self.todo_files.as_slice() {
            return only.display().to_string();
        }
        let src = self.dir.join("src");
        let names: Vec<String> = self
            .todo_files
            .iter()
            .map(|f| f.strip_prefix(&src).unwrap_or(f).display().to_string())
            .collect();
        format!("{}/ ({})", src.display(), names.join(", "))
    }
}

impl Course {
    /// Reads the course under `root`.
    pub fn load(root: &Path) -> Result<Course> {
        let exercises_dir = root.join("exercises");
        let mut chapters = Vec::new();
        for chapter_dir in sorted_subdirs(&exercises_dir)? {
            let dir_name = file_name(&chapter_dir);
            let mut exercises = Vec::new();
            for exercise_dir in sorted_subdirs(&chapter_dir)? {
                if !exercise_dir.join("Cargo.toml").is_file() {
                    continue;
                }
                let relative = exercise_dir
                    .strip_prefix(root)
                    .expect("exercise directories are found under the root")
                    .to_path_buf();
                exercises.push(Exercise::load(root, &dir_name, relative)?);
            }
            if !exercises.is_empty() {
                chapters.push(Chapter {
                    title: chapter_title(root, &dir_name),
                    dir_name,
                    exercises,
                });
            }
        }
        if chapters.is_empty() {
            bail!("no exercises found under {}", exercises_dir.display());
        }
        Ok(Course {
            root: root.to_path_buf(),
            title: book_title(root),
            chapters,
        })
    }

    /// Every exercise, in reading order.
    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.chapters.iter().flat_map(|c| c.exercises.iter())
    }

    pub fn exercise_count(&self) -> usize {
        self.exercises().count()
    }

    /// Finds an exercise by ID. A learner who mistypes gets the closest IDs back.
    pub fn find(&self, id: &str) -> Result<&Exercise> {
        if let Some(found) = self.exercises().find(|e| e.id == id) {
            return Ok(found);
        }
        let close = crate::suggest::closest(id, self.exercises().map(|e| e.id.as_str()));
        if close.is_empty() {
            let all: Vec<&str> = self.exercises().map(|e| e.id.as_str()).collect();
            bail!(
                "there is no exercise `{id}`. The exercises are: {}",
                all.join(", ")
            );
        }
        bail!(
            "there is no exercise `{id}`. Did you mean {}?",
            close.join(" or ")
        )
    }

    pub fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// The exercise whose directory holds `dir` (the learner's current directory), if any.
    pub fn exercise_at(&self, dir: &Path) -> Option<&Exercise> {
        let dir = dir.canonicalize().ok()?;
        self.exercises().find(|e| {
            self.path(&e.dir)
                .canonicalize()
                .is_ok_and(|exercise_dir| dir.starts_with(exercise_dir))
        })
    }
}

/// `title` in `book/book.toml`, the course's name everywhere it is shown.
fn book_title(root: &Path) -> String {
    #[derive(Deserialize)]
    struct BookToml {
        book: BookSection,
    }
    #[derive(Deserialize)]
    struct BookSection {
        title: Option<String>,
    }
    fs::read_to_string(root.join("book/book.toml"))
        .ok()
        .and_then(|text| toml::from_str::<BookToml>(&text).ok())
        .and_then(|book| book.book.title)
        .unwrap_or_else(|| "The workshop".to_owned())
}

/// The part of an exercise's Cargo.toml the runner reads.
#[derive(Deserialize)]
struct Manifest {
    package: ManifestPackage,
    lib: Option<ManifestLib>,
}

#[derive(Deserialize)]
struct ManifestPackage {
    name: String,
    #[serde(default)]
    metadata: ManifestMetadata,
}

#[derive(Deserialize, Default)]
struct ManifestMetadata {
    #[serde(default)]
    workshop: WorkshopMetadata,
}

/// `[package.metadata.workshop]` in an exercise's Cargo.toml.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct WorkshopMetadata {
    title: Option<String>,
    #[serde(default)]
    hints: Vec<String>,
    postgres_only: Option<String>,
}

#[derive(Deserialize)]
struct ManifestLib {
    name: Option<String>,
}

impl Exercise {
    fn load(root: &Path, chapter: &str, dir: PathBuf) -> Result<Exercise> {
        let manifest_path = root.join(&dir).join("Cargo.toml");
        let text = fs::read_to_string(&manifest_path)
            .with_context(|| format!("reading {}", manifest_path.display()))?;
        let manifest: Manifest = toml::from_str(&text)
            .with_context(|| format!("{} is not a valid Cargo.toml", manifest_path.display()))?;
        let id = manifest.package.name;
        let lib_name = manifest
            .lib
            .and_then(|lib| lib.name)
            .unwrap_or_else(|| id.replace('-', "_"));
        let workshop = manifest.package.metadata.workshop;
        let solution_dir = Path::new("solutions").join(dir.strip_prefix("exercises")?);
        let todo_files = files_with_todo(root, &dir.join("src"));
        Ok(Exercise {
            todo_files,
            title: workshop.title.unwrap_or_else(|| id.clone()),
            hints: workshop.hints,
            postgres_only: workshop.postgres_only,
            test_file: Path::new("tests").join(format!("{lib_name}.rs")),
            page: Path::new("book/src").join(chapter).join(format!("{id}.md")),
            solution_dir,
            lib_name,
            dir,
            id,
        })
    }
}

/// The `.rs` files under `src` (relative to `root`) that contain `TODO`, `lib.rs` first.
fn files_with_todo(root: &Path, src: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = course_model::walk::files_with_extension(&root.join(src), "rs")
        .unwrap_or_default()
        .into_iter()
        .filter(|file| {
            fs::read_to_string(root.join(src).join(file)).is_ok_and(|t| t.contains("TODO"))
        })
        .map(|file| src.join(file))
        .collect();
    found.sort_by_key(|f| (!f.ends_with("lib.rs"), f.clone()));
    found
}

fn sorted_subdirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The chapter's title: the first heading of its intro page in the book, or else its
/// directory name made readable.
fn chapter_title(root: &Path, dir_name: &str) -> String {
    let intro = root.join("book/src").join(dir_name).join("index.md");
    fs::read_to_string(intro)
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("# ").map(|t| t.trim().to_owned()))
        })
        .unwrap_or_else(|| title_from_dir_name(dir_name))
}

/// `01-async-views` → `Async views`.
pub fn title_from_dir_name(dir_name: &str) -> String {
    let words = dir_name
        .split_once('-')
        .filter(|(number, _)| number.chars().all(|c| c.is_ascii_digit()))
        .map_or(dir_name, |(_, rest)| rest)
        .replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_to_edit_are_those_with_a_todo_left_lib_rs_first() {
        let root = std::env::temp_dir().join(format!("workshop-todo-{}", std::process::id()));
        let src = root.join("ex/src");
        fs::create_dir_all(src.join("nested")).expect("temp dir");
        fs::write(src.join("lib.rs"), "// TODO: one\n").expect("write");
        fs::write(src.join("a.rs"), "// TODO: two\n").expect("write");
        fs::write(src.join("done.rs"), "fn done() {}\n").expect("write");
        fs::write(src.join("nested/b.rs"), "// TODO: three\n").expect("write");
        let found = files_with_todo(&root, Path::new("ex/src"));
        let _ = fs::remove_dir_all(&root);
        assert_eq!(
            found,
            [
                PathBuf::from("ex/src/lib.rs"),
                PathBuf::from("ex/src/a.rs"),
                PathBuf::from("ex/src/nested/b.rs"),
            ]
        );
    }

    #[test]
    fn chapter_titles_drop_the_number_and_dashes() {
        assert_eq!(title_from_dir_name("01-async-views"), "Async views");
        assert_eq!(title_from_dir_name("async-orm"), "Async orm");
        assert_eq!(title_from_dir_name("12-sync-and-async"), "Sync and async");
    }
}
