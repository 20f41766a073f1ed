//! Where a test binary's shared libraries are.
//!
//! testkit is built as a shared library (`crate-type = ["dylib"]`), with the whole dependency
//! stack inside it: every test binary links against that one file in `target/debug/deps`
//! instead of copying tokio, axum, sqlx and reqwest into itself, which makes each binary a
//! few hundred kilobytes, each link a fraction of the time, and `target/` gigabytes smaller.
//! A Rust shared library links the standard library as one too, from the toolchain.
//!
//! `cargo test` and `cargo run` tell the system's loader about both directories; a binary the
//! runner starts itself needs the same, whether the runner was started by cargo (the usual
//! `cargo workshop`, whose environment already has them) or by hand.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The variable the system's loader searches for shared libraries.
const VARIABLE: &str = if cfg!(windows) {
    "PATH"
} else if cfg!(target_os = "macos") {
    "DYLD_FALLBACK_LIBRARY_PATH"
} else {
    "LD_LIBRARY_PATH"
};

/// Sets the loader's path for `command`, which runs `executable`: the executable's own
/// directory, then the toolchain's standard library, then whatever the path held.
pub fn set_library_path(command: &mut Command, executable: &Path) {
    let inherited: Vec<PathBuf> = std::env::var_os(VARIABLE)
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    let mut dirs: Vec<PathBuf> = executable
        .parent()
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    if !inherited.iter().any(|dir| holds_std(dir)) {
        dirs.extend(toolchain_dirs().iter().cloned());
    }
    dirs.extend(inherited);
    if let Ok(path) = std::env::join_paths(dirs) {
        command.env(VARIABLE, path);
    }
}

/// True if `dir` holds the standard library as a shared library (`libstd-<hash>.so`,
/// `std-<hash>.dll`).
fn holds_std(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            (name.starts_with("libstd-") || name.starts_with("std-"))
                && [".so", ".dylib", ".dll"]
                    .iter()
                    .any(|end| name.ends_with(end))
        })
    })
}

/// The toolchain's directories of shared libraries, asked of `rustc` once per run.
fn toolchain_dirs() -> &'static [PathBuf] {
    static DIRS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    DIRS.get_or_init(|| {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| OsString::from("rustc"));
        let Ok(output) = Command::new(rustc)
            .args(["--print", "sysroot", "--print", "target-libdir"])
            .output()
        else {
            return Vec::new();
        };
        let printed = String::from_utf8_lossy(&output.stdout);
        let mut lines = printed.lines().map(PathBuf::from);
        let (sysroot, target_libdir) = (lines.next(), lines.next());
        // Windows keeps the standard library's DLL in the sysroot's bin.
        target_libdir
            .into_iter()
            .chain(
                sysroot
                    .filter(|_| cfg!(windows))
                    .map(|root| root.join("bin")),
            )
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_holds_std_when_it_has_the_shared_standard_library() {
        let dir = std::env::temp_dir().join(format!("workshop-loader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("libstdx-1.so"), "").unwrap();
        assert!(!holds_std(&dir), "a name that only starts like std's");
        std::fs::write(dir.join("libstd-0123abcd.so"), "").unwrap();
        assert!(holds_std(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!holds_std(&dir), "a directory that is gone holds nothing");
    }

    #[test]
    fn the_executables_own_directory_comes_first() {
        let mut command = Command::new("true");
        set_library_path(
            &mut command,
            Path::new("/course/target/debug/deps/hello-0123"),
        );
        let path = command
            .get_envs()
            .find(|(name, _)| *name == VARIABLE)
            .and_then(|(_, value)| value)
            .expect("the loader's path is set");
        let first = std::env::split_paths(path).next();
        assert_eq!(
            first.as_deref(),
            Some(Path::new("/course/target/debug/deps"))
        );
    }
}
