//! Temporary courses for driving the real `workshop` binary.
//!
//! A temp course is a workspace of its own with tiny synthetic exercises, built into the real
//! workspace's target directory: its exercises dev-depend on the real `crates/testkit`, so
//! every dependency resolves to the same features and is already compiled, and a test only
//! compiles its own few-line crates. (cargo does not hold the target directory's lock while
//! `cargo test` runs test binaries, so this does not deadlock.)
//!
//! Each test uses exercise IDs of its own: two courses building the same package name at the
//! same relative path would overwrite each other's binaries in the shared target directory.

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The `workshop` binary cargo built for these tests. Found when the tests run, next to this
/// test binary, rather than fixed when it was compiled: `mv` keeps file times, so a moved
/// checkout is not rebuilt and a compiled-in path would name the old folder.
pub fn bin() -> PathBuf {
    let name = format!("workshop{}", std::env::consts::EXE_SUFFIX);
    profile_dir().join(name)
}

/// `<target>/<profile>`: this test binary lives in its `deps/`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(Path::parent)
        .expect("test binaries live in <target>/<profile>/deps")
        .to_path_buf()
}

/// The real workspace root, from the package directory cargo runs the tests in (it sets
/// `CARGO_MANIFEST_DIR` at run time too).
pub fn real_root() -> PathBuf {
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .expect("cargo test runs in the package directory");
    package
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The target directory the workspace builds into: the nearest directory above this test
/// binary with the `CACHEDIR.TAG` cargo writes at its top (`<target>/debug`, or
/// `<target>/<triple>/debug` when cross-compiling).
pub fn target_dir() -> PathBuf {
    let profile = profile_dir();
    profile
        .ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .unwrap_or_else(|| profile.parent().expect("target dir"))
        .to_path_buf()
}

/// The real course's `.cargo/config.toml` for a temp course at `root`: its alias, and its
/// `[env]`, whose relative paths must name the temp course (a nearer config's key wins).
/// Inside the real course, cargo reads the real config too on its way up, and it joins the
/// two lists of `rustflags` instead of choosing one: the temp course would build with every
/// flag twice, a flag list of its own, and compile the whole stack again into the shared
/// target directory. So there the `[target]` tables are left to the real config.
fn own_config(real: &Path, root: &Path) -> String {
    let path = real.join(".cargo/config.toml");
    let text = fs::read_to_string(&path).expect("read .cargo/config.toml");
    let mut config: toml::Table = text.parse().expect(".cargo/config.toml is TOML");
    let inside_real = root.canonicalize().is_ok_and(|root| root.starts_with(real));
    if inside_real {
        config.remove("target");
    }
    toml::to_string(&config).expect("write TOML")
}

/// One synthetic exercise: a stub, a solution and the test file they share.
pub struct Spec<'a> {
    pub chapter: &'a str,
    pub dir: &'a str,
    pub id: &'a str,
    pub stub: &'a str,
    pub solution: &'a str,
    pub tests: &'a str,
    pub hints: &'a [&'a str],
}

impl Spec<'_> {
    pub fn lib(&self) -> String {
        self.id.replace('-', "_")
    }
}

pub struct TempCourse {
    pub root: PathBuf,
}

impl TempCourse {
    /// A fresh, empty course named `name` (its directory is wiped first).
    pub fn new(name: &str) -> TempCourse {
        let root = target_dir().join("tmp").join("workshop-it").join(name);
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join(".cargo")).expect("temp course");
        let real = real_root();
        fs::copy(real.join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
        fs::write(root.join(".cargo/config.toml"), own_config(&real, &root))
            .expect("write .cargo/config.toml");
        fs::write(root.join("Cargo.toml"), workspace_manifest(&real)).expect("Cargo.toml");
        let course = TempCourse { root };
        course.write(
            "book/book.toml",
            "[book]\ntitle = \"Test course\"\nsrc = \"src\"\n",
        );
        course.write(
            ".gitignore",
            "/.workshop-progress.json*\n/.workshop-backups\n",
        );
        course
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn write(&self, relative: &str, content: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        fs::write(&path, content).unwrap_or_else(|e| panic!("writing {relative}: {e}"));
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Adds an exercise, its solution, its test file and its page.
    pub fn add(&self, spec: &Spec) {
        let lib = spec.lib();
        let hints: Vec<String> = spec.hints.iter().map(|h| format!("{h:?}")).collect();
        for (side, package, source) in [
            ("exercises", spec.id.to_owned(), spec.stub),
            ("solutions", format!("{}-solution", spec.id), spec.solution),
        ] {
            let dir = format!("{side}/{}/{}", spec.chapter, spec.dir);
            self.write(
                &format!("{dir}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"{package}\"\nversion.workspace = true\n\
                     edition.workspace = true\npublish = false\n\n\
                     [package.metadata.workshop]\ntitle = \"{id}\"\nhints = [{hints}]\n\n\
                     [lib]\nname = \"{lib}\"\ntest = false\ndoctest = false\n\n\
                     [[test]]\nname = \"{lib}\"\npath = \"../../../tests/{lib}.rs\"\n\n\
                     [dev-dependencies]\ntestkit.workspace = true\ntokio.workspace = true\n",
                    id = spec.id,
                    hints = hints.join(", "),
                ),
            );
            self.write(&format!("{dir}/src/lib.rs"), source);
        }
        self.write(&format!("tests/{lib}.rs"), spec.tests);
        self.write(
            &format!("book/src/{}/{}.md", spec.chapter, spec.id),
            &format!("# {}\n", spec.id),
        );
    }

    /// The exercise's source file, relative to the root.
    pub fn stub_path(&self, spec: &Spec) -> String {
        format!("exercises/{}/{}/src/lib.rs", spec.chapter, spec.dir)
    }

    /// Writes `shipped.sha256` as `cargo workshop verify` would: the course as it is now is
    /// what was shipped.
    pub fn ship(&self) {
        course_model::shipped::Manifest::compute(&self.root)
            .and_then(|manifest| manifest.save(&self.root))
            .expect("writing shipped.sha256");
    }

    /// Makes the course a git repository with everything committed, as a clone would be.
    pub fn git_init(&self) {
        self.git(&["init", "-q"]);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "the course as shipped"]);
    }

    pub fn git(&self, args: &[&str]) {
        let status = course_model::git::committing(&self.root, "Test", "test@example.com", args)
            .expect("git runs");
        assert!(status.success(), "git {args:?} failed");
    }

    /// The runner, ready to start in the course with the shared target directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_NET_OFFLINE", "true")
            .env("NO_COLOR", "1")
            .env_remove("WORKSHOP_ROOT")
            .env_remove("WORKSHOP_TEST_TIMEOUT")
            .env_remove("WORKSHOP_RUN_TIMEOUT")
            .env_remove("CI")
            .stdin(Stdio::null());
        command
    }

    /// Runs the runner to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        for (name, value) in env {
            command.env(name, value);
        }
        Run::from(command.output().expect("the runner starts"))
    }

    /// Runs the runner with `input` on its stdin.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the runner starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        Run::from(child.wait_with_output().expect("the runner ends"))
    }
}

impl Drop for TempCourse {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

/// The real workspace manifest, with the temp course's members and the real testkit.
fn workspace_manifest(real: &Path) -> String {
    let text = fs::read_to_string(real.join("Cargo.toml")).expect("real Cargo.toml");
    let mut manifest: toml::Table = toml::from_str(&text).expect("parses");
    let workspace = manifest
        .get_mut("workspace")
        .and_then(toml::Value::as_table_mut)
        .expect("[workspace]");
    workspace.insert(
        "members".to_owned(),
        toml::Value::Array(vec!["exercises/*/*".into(), "solutions/*/*".into()]),
    );
    workspace.remove("default-members");
    let dependencies = workspace
        .get_mut("dependencies")
        .and_then(toml::Value::as_table_mut)
        .expect("[workspace.dependencies]");
    let mut testkit = toml::Table::new();
    testkit.insert(
        "path".to_owned(),
        real.join("crates/testkit")
            .to_string_lossy()
            .into_owned()
            .into(),
    );
    dependencies.insert("testkit".to_owned(), toml::Value::Table(testkit));
    toml::to_string(&manifest).expect("serializes")
}

/// A started runner that is killed if the test fails before it ends, so a failing test leaves
/// no server or watcher running.
pub struct KillOnDrop(pub Child);

impl Deref for KillOnDrop {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if !matches!(self.0.try_wait(), Ok(None)) {
            return;
        }
        // SIGTERM first: the runner then kills what it started (a hung test) before exiting.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while matches!(self.0.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a run of the runner printed, and how it ended.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}.\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}.\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Whether process `pid` is gone (a zombie no one has reaped yet counts as gone).
pub fn process_is_gone(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        match fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            // `pid (name) STATE ...`
            Ok(stat) => stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_some_and(|state| state == "Z" || state == "X"),
        }
    } else {
        !Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// Checks that `text` is well-formed XML: one root element, tags nested and closed, quoted
/// attributes, no raw `<` or stray `&` in text. Enough to prove the escaping right.
pub fn assert_well_formed_xml(text: &str) {
    let mut rest = text.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        let end = after.find("?>").expect("the XML declaration ends");
        rest = &after[end + 2..];
    }
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            check_text(rest);
            break;
        };
        check_text(&rest[..start]);
        if open.is_empty() {
            assert!(
                rest[..start].trim().is_empty(),
                "text outside the root element"
            );
        }
        let tag_end = rest[start..].find('>').expect("tag ends") + start;
        let tag = &rest[start + 1..tag_end];
        rest = &rest[tag_end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let expected = open.pop().expect("a closing tag closes something");
            assert_eq!(name.trim(), expected, "mismatched closing tag");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:.".contains(c)),
            "bad tag name {name:?}"
        );
        check_attributes(attributes);
        if open.is_empty() {
            roots += 1;
        }
        if !self_closing {
            open.push(name.to_owned());
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    assert_eq!(roots, 1, "exactly one root element");
}

fn check_attributes(mut text: &str) {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return;
        }
        let (name, after) = text.split_once('=').expect("attribute has a value");
        assert!(
            !name.trim().is_empty() && !name.contains(['"', '<', '&']),
            "bad attribute name {name:?}"
        );
        let after = after
            .strip_prefix('"')
            .expect("attribute values are quoted");
        let end = after.find('"').expect("attribute value ends");
        let value = &after[..end];
        assert!(!value.contains('<'), "raw < in attribute {value:?}");
        check_text(value);
        text = &after[end + 1..];
    }
}

fn check_text(text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let end = after.find(';').expect("entity ends with ;");
        let entity = &after[..end];
        assert!(
            ["amp", "lt", "gt", "quot", "apos"].contains(&entity) || entity.starts_with('#'),
            "unknown entity &{entity};"
        );
        rest = &after[end + 1..];
    }
    assert!(
        !text
            .chars()
            .any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)),
        "control character in XML text"
    );
}
