//! `cargo workshop dev new <chapter> <name>`: a new exercise, wired the way `verify` wants.
//!
//! It writes the stub and the solution (two packages with one library name), the shared test
//! file, the page, and the page's line in SUMMARY.md; the workspace's member globs already
//! cover the new packages (if a course lists members one by one, they are added). The files
//! come from `templates/`: a small JSON view whose test fails on the stub and passes on the
//! solution, for the author to replace with the exercise. Everything is checked before
//! anything is written, so bad input leaves the course as it was; afterwards verify's
//! structure and listing checks run on the new exercise.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use course_model::walk::subdirs;

use crate::book;
use crate::course::{Chapter, Course, title_from_dir_name};
use crate::verify;

const EXERCISE_TOML: &str = include_str!("templates/exercise.toml.tmpl");
const SOLUTION_TOML: &str = include_str!("templates/solution.toml.tmpl");
const STUB: &str = include_str!("templates/stub.rs.tmpl");
const SOLUTION: &str = include_str!("templates/solution.rs.tmpl");
const TEST: &str = include_str!("templates/test.rs.tmpl");
const PAGE: &str = include_str!("templates/page.md.tmpl");

/// Names a library may not take: Rust keywords (the test file says `use <lib>::...`) and the
/// crates every build already has.
const RESERVED: &[&str] = &[
    "abstract",
    "alloc",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "core",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "proc_macro",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "std",
    "struct",
    "super",
    "test",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

/// Everything `dev new` will write, computed (and checked) before anything is.
pub struct Plan {
    pub id: String,
    pub chapter: String,
    /// `exercises/<chapter>/<NN-name>`, relative to the course root.
    pub dir: PathBuf,
    /// New files: path relative to the root, content.
    pub files: Vec<(PathBuf, String)>,
    /// Existing files rewritten (SUMMARY.md, and Cargo.toml when it lists members one by one).
    pub edits: Vec<(PathBuf, String)>,
}

/// Checks the input and computes the new exercise's files.
pub fn plan(course: &Course, chapter: &str, name: &str) -> Result<Plan> {
    let chapter = find_chapter(course, chapter)?;
    check_name(name)?;
    let lib = name.replace('-', "_");
    check_free(course, chapter, name, &lib)?;

    let number = next_number(course, chapter)?;
    let dir_name = format!("{number:02}-{name}");
    let dir = Path::new("exercises")
        .join(&chapter.dir_name)
        .join(&dir_name);
    let solution_dir = Path::new("solutions")
        .join(&chapter.dir_name)
        .join(&dir_name);
    let test_file = Path::new("tests").join(format!("{lib}.rs"));
    let page = Path::new("book/src")
        .join(&chapter.dir_name)
        .join(format!("{name}.md"));
    let title = title_from_dir_name(name);
    let fill = |template: &str| {
        template
            .replace("@ID@", name)
            .replace("@LIB@", &lib)
            .replace("@TITLE@", &title)
            .replace("@DIR@", &slash(&dir))
            .replace("@SOLUTION_DIR@", &slash(&solution_dir))
    };
    let files = vec![
        (dir.join("Cargo.toml"), fill(EXERCISE_TOML)),
        (dir.join("src/lib.rs"), fill(STUB)),
        (solution_dir.join("Cargo.toml"), fill(SOLUTION_TOML)),
        (solution_dir.join("src/lib.rs"), fill(SOLUTION)),
        (test_file, fill(TEST)),
        (page, fill(PAGE)),
    ];
    for (path, _) in &files {
        if course.path(path).exists() {
            bail!(
                "{} already exists; `dev new` writes only new files",
                path.display()
            );
        }
    }

    let summary_path = Path::new("book/src/SUMMARY.md");
    let summary = fs::read_to_string(course.path(summary_path))
        .with_context(|| format!("reading {}", summary_path.display()))?;
    let line = format!("    - [{title}]({}/{name}.md)", chapter.dir_name);
    let mut edits = vec![(
        summary_path.to_path_buf(),
        with_summary_line(&summary, &chapter.dir_name, &line)?,
    )];
    let manifest = fs::read_to_string(course.path(Path::new("Cargo.toml")))
        .context("reading the workspace's Cargo.toml")?;
    let with_members = with_members(&manifest, &dir, &solution_dir)?;
    let edited = with_incremental(with_members.as_deref().unwrap_or(&manifest), name);
    if let Some(text) = edited.or(with_members) {
        edits.push((PathBuf::from("Cargo.toml"), text));
    }
    Ok(Plan {
        id: name.to_owned(),
        chapter: chapter.dir_name.clone(),
        dir,
        files,
        edits,
    })
}

/// Writes the plan's files, then runs verify's checks on the course with the new exercise.
/// Returns the problems they found (none, unless a template and verify disagree).
pub fn write(course: &Course, plan: &Plan) -> Result<Vec<String>> {
    for (path, text) in plan.files.iter().chain(&plan.edits) {
        let path = course.path(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let course = Course::load(&course.root)?;
    let mut problems = verify::structure(&course)?;
    let exercise = course.find(&plan.id)?;
    let src = course.root.join("book/src");
    let page = exercise.page.strip_prefix("book/src")?;
    problems.extend(book::check_listings(&src, page)?);
    if !book::summary_pages(&src)?.iter().any(|p| p == page) {
        problems.push(format!(
            "book/src/SUMMARY.md does not list {}",
            page.display()
        ));
    }
    Ok(problems)
}

/// The chapter `given` names: its directory (`03-many-services`), that without its number
/// (`many-services`), or its number (`3`, `03`).
fn find_chapter<'c>(course: &'c Course, given: &str) -> Result<&'c Chapter> {
    let found = course.chapters.iter().find(|chapter| {
        let name = chapter.dir_name.as_str();
        let (number, rest) = name.split_once('-').unwrap_or(("", name));
        name == given
            || rest == given
            || (!given.is_empty()
                && given.chars().all(|c| c.is_ascii_digit())
                && number.parse::<u32>().ok() == given.parse::<u32>().ok())
    });
    match found {
        Some(chapter) => Ok(chapter),
        None => {
            let names: Vec<&str> = course
                .chapters
                .iter()
                .map(|c| c.dir_name.as_str())
                .collect();
            bail!(
                "there is no chapter `{given}`. The chapters are: {} (a new chapter starts \
                 with its directory under exercises/ and its book/src/<chapter>/index.md)",
                names.join(", ")
            )
        }
    }
}

/// An exercise ID is a package name the course can keep for ever: lowercase words joined by
/// `-`, starting with a letter.
fn check_name(name: &str) -> Result<()> {
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !well_formed {
        bail!(
            "`{name}` is not an exercise name: use lowercase words joined by `-`, starting with \
             a letter (like `rate-limit`); it becomes the package name and the exercise's ID, \
             which never changes"
        );
    }
    if name.len() > 40 {
        bail!("`{name}` is longer than 40 letters; learners type it: `cargo workshop check ID`");
    }
    if name.ends_with("-solution") {
        bail!("`{name}` ends in `-solution`, the suffix of every reference solution's package");
    }
    let lib = name.replace('-', "_");
    if RESERVED.contains(&lib.as_str()) {
        bail!("`{name}` cannot be a library name (`{lib}` is a Rust keyword or a built-in crate)");
    }
    Ok(())
}

/// No exercise, library, package or file may already have the name.
fn check_free(course: &Course, chapter: &Chapter, name: &str, lib: &str) -> Result<()> {
    if let Some(taken) = course
        .exercises()
        .find(|e| e.id == name || e.lib_name == lib)
    {
        bail!(
            "the name `{name}` is taken by the exercise `{}` ({}); exercise IDs are never \
             reused, pick another",
            taken.id,
            taken.dir.display()
        );
    }
    for package in other_packages(&course.root)? {
        if package == name || package == format!("{name}-solution") || package == lib {
            bail!("the name `{name}` is taken by the package `{package}` in crates/");
        }
    }
    for side in ["exercises", "solutions"] {
        for dir in subdirs(&course.root.join(side).join(&chapter.dir_name))? {
            let dir_name = dir.file_name().unwrap_or_default().to_string_lossy();
            if dir_name
                .split_once('-')
                .is_some_and(|(_, slug)| slug == name)
            {
                bail!("{} already exists; pick another name", dir.display());
            }
        }
    }
    Ok(())
}

/// The package names under `crates/`.
fn other_packages(root: &Path) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        package: Option<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
    }
    let mut names = Vec::new();
    for dir in subdirs(&root.join("crates"))? {
        let Ok(text) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        if let Ok(Manifest {
            package: Some(package),
        }) = toml::from_str(&text)
        {
            names.push(package.name);
        }
    }
    Ok(names)
}

/// One more than the highest number of the chapter's exercise and solution directories.
fn next_number(course: &Course, chapter: &Chapter) -> Result<u32> {
    let mut highest = 0;
    for side in ["exercises", "solutions"] {
        for dir in subdirs(&course.root.join(side).join(&chapter.dir_name))? {
            let dir_name = dir.file_name().unwrap_or_default().to_string_lossy();
            if let Some(number) = dir_name
                .split_once('-')
                .and_then(|(number, _)| number.parse::<u32>().ok())
            {
                highest = highest.max(number);
            }
        }
    }
    Ok(highest + 1)
}

/// SUMMARY.md with `line` after the last page of the chapter (pages are listed in the
/// exercises' order, and the new exercise is the chapter's last).
fn with_summary_line(summary: &str, chapter: &str, line: &str) -> Result<String> {
    let lines: Vec<&str> = summary.lines().collect();
    let link = format!("]({chapter}/");
    let Some(last) = lines.iter().rposition(|l| l.contains(&link)) else {
        bail!(
            "book/src/SUMMARY.md has no page of the chapter {chapter}; add its intro \
             ({chapter}/index.md) first"
        );
    };
    let mut out: Vec<&str> = lines[..=last].to_vec();
    out.push(line);
    out.extend(&lines[last + 1..]);
    Ok(out.join("\n") + "\n")
}

/// The workspace manifest with the two packages added to `members` (and the solution to
/// `default-members`), or `None` when its globs already cover them.
fn with_members(manifest: &str, exercise: &Path, solution: &Path) -> Result<Option<String>> {
    #[derive(serde::Deserialize)]
    struct Root {
        workspace: Workspace,
    }
    #[derive(serde::Deserialize)]
    struct Workspace {
        #[serde(default)]
        members: Vec<String>,
        #[serde(rename = "default-members")]
        default_members: Option<Vec<String>>,
    }
    let root: Root = toml::from_str(manifest).context("parsing the workspace's Cargo.toml")?;
    let (exercise, solution) = (slash(exercise), slash(solution));
    let covers = |patterns: &[String], path: &str| patterns.iter().any(|p| glob_matches(p, path));
    let mut text = manifest.to_owned();
    let mut changed = false;
    for (key, patterns, paths) in [
        (
            "members",
            Some(&root.workspace.members),
            vec![&exercise, &solution],
        ),
        (
            "default-members",
            root.workspace.default_members.as_ref(),
            vec![&solution],
        ),
    ] {
        let Some(patterns) = patterns else { continue };
        let missing: Vec<String> = paths
            .into_iter()
            .filter(|path| !covers(patterns, path))
            .map(|path| format!("\"{path}\", "))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let opening = format!("\n{key} = [");
        let Some(at) = text.find(&opening) else {
            bail!("the workspace's Cargo.toml spells `{key}` in a way `dev new` cannot edit");
        };
        text.insert_str(at + opening.len(), &missing.concat());
        changed = true;
    }
    Ok(changed.then_some(text))
}

/// An exercise's entry under `[profile.dev.package]`: only the exercises compile incrementally,
/// and an entry there must say `strip` again (the root Cargo.toml says why for both). The same
/// constant in crates/workspace-hack/tests/every_package.rs checks every exercise has it.
const EXERCISE_ENTRY: &str = r#"{ incremental = true, strip = "symbols" }"#;

/// The manifest with the exercise `name` added to its `[profile.dev.package]` table; `None` if
/// it has no such table or already lists the name.
fn with_incremental(manifest: &str, name: &str) -> Option<String> {
    const TABLE: &str = "\n[profile.dev.package]\n";
    let line = format!("{name} = {EXERCISE_ENTRY}\n");
    let at = manifest.find(TABLE)? + TABLE.len();
    let table_end = manifest[at..]
        .find("\n[")
        .map_or(manifest.len(), |end| at + end + 1);
    if manifest[at..table_end]
        .lines()
        .any(|l| l.trim() == line.trim())
    {
        return None;
    }
    let mut text = manifest.to_owned();
    text.insert_str(at, &line);
    Some(text)
}

/// Whether a workspace member pattern (`*` stands for one path segment) matches `path`.
fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    pattern.len() == path.len() && pattern.iter().zip(&path).all(|(p, s)| *p == "*" || p == s)
}

fn slash(path: &Path) -> String {
    crate::reset::slash_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercise_names_are_lowercase_words_joined_by_dashes() {
        for good in ["rate-limit", "sse", "retry-2"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Rate",
            "rate_limit",
            "-rate",
            "rate-",
            "rate--limit",
            "2fast",
            "a b",
            "async",
            "hello-solution",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_summary_line_goes_after_the_chapters_last_page() {
        let summary = "# Summary\n\n- [A](01-a/index.md)\n    - [X](01-a/x.md)\n\
                       - [B](02-b/index.md)\n    - [Y](02-b/y.md)\n\n---\n";
        let out = with_summary_line(summary, "01-a", "    - [New](01-a/new.md)").expect("a");
        assert_eq!(
            out,
            "# Summary\n\n- [A](01-a/index.md)\n    - [X](01-a/x.md)\n    - [New](01-a/new.md)\n\
             - [B](02-b/index.md)\n    - [Y](02-b/y.md)\n\n---\n"
        );
        assert!(with_summary_line(summary, "03-c", "x").is_err());
    }

    #[test]
    fn the_new_exercise_compiles_incrementally() {
        let manifest = "[profile.dev]\nincremental = false\n\n[profile.dev.package]\nhello = { incremental = true, strip = \"symbols\" }\n\n[other]\n";
        let added = with_incremental(manifest, "new-one").expect("a table to add the line to");
        assert!(
            added.contains(
                "[profile.dev.package]\nnew-one = { incremental = true, strip = \"symbols\" }\nhello"
            ),
            "{added}"
        );
        assert_eq!(
            with_incremental(&added, "new-one"),
            None,
            "listed once only"
        );
        assert_eq!(with_incremental("[workspace]\n", "new-one"), None);
    }

    #[test]
    fn member_globs_that_cover_the_new_packages_are_left_alone() {
        let globbed = "[workspace]\nmembers = [\"exercises/*/*\", \"solutions/*/*\"]\n";
        let new = |text| {
            with_members(
                text,
                Path::new("exercises/01-a/02-new"),
                Path::new("solutions/01-a/02-new"),
            )
            .expect("parses")
        };
        assert_eq!(new(globbed), None);
        let listed = "[workspace]\nmembers = [\"exercises/01-a/01-x\"]\n\
                      default-members = [\"solutions/*/*\"]\n";
        assert_eq!(
            new(listed).as_deref(),
            Some(
                "[workspace]\nmembers = [\"exercises/01-a/02-new\", \"solutions/01-a/02-new\", \
                 \"exercises/01-a/01-x\"]\ndefault-members = [\"solutions/*/*\"]\n"
            )
        );
    }
}
