//! The few git commands the runner uses to find shipped files in the course's history.

use std::path::Path;
use std::process::{Command, Stdio};

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
