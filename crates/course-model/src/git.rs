//! The few git commands the runner uses to find shipped files in the course's history, and to
//! commit a course it made itself (a bundle, a test's course).

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// Whether `root` is inside a git work tree (and git is installed).
pub fn available(root: &Path) -> bool {
    git(root, &["rev-parse", "--is-inside-work-tree"]).is_some_and(|out| out.starts_with(b"true"))
}

/// The content of `path` (relative to `root`) at `revision`, if it exists there.
pub fn show(root: &Path, revision: &str, path: &str) -> Option<Vec<u8>> {
    git(root, &["show", &format!("{revision}:./{path}")])
}

/// The newest commits (newest first, at most `max`) that touched any of `paths`.
pub fn commits_touching(root: &Path, paths: &[&str], max: usize) -> Vec<String> {
    let max = format!("--max-count={max}");
    let mut args = vec!["rev-list", &max, "HEAD", "--"];
    args.extend(paths);
    git(root, &args)
        .map(|out| {
            String::from_utf8_lossy(&out)
                .lines()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `git` with `args` in `dir`, committing as `name <email>` whatever the machine's git
/// settings say: no signing, `main` as the first branch. For a repository the tools make
/// themselves; its output is silenced, its status returned.
pub fn committing(
    dir: &Path,
    name: &str,
    email: &str,
    args: &[&str],
) -> std::io::Result<ExitStatus> {
    Command::new("git")
        .args(["-c", &format!("user.name={name}")])
        .args(["-c", &format!("user.email={email}")])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
}
