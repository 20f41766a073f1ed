//! Every package of the course depends on workspace-hack and takes the workspace's lints.
//!
//! A package without workspace-hack, built on its own (`cargo test -p <it>`, or the runner
//! checking it), resolves only the features its own dependencies ask for, and cargo compiles
//! tokio, serde or sqlx again for that feature set: minutes on a laptop, for nothing.
//! A package without `[lints] workspace = true` silently escapes `[workspace.lints]` (no
//! `unsafe`, no lock guard held across an `.await`), and clippy says nothing about it.

use std::process::Command;

use serde_json::Value;

/// The workspace's packages, as `cargo metadata --no-deps` lists them.
fn packages() -> Vec<Value> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let here = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(here)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut metadata: Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let packages = match metadata["packages"].take() {
        Value::Array(packages) => packages,
        other => panic!("cargo metadata listed no packages: {other}"),
    };
    // A listing of workspace-hack alone would let every check below pass over nothing.
    assert!(
        packages.len() > 1,
        "cargo metadata listed no package besides workspace-hack"
    );
    packages
}

/// Fails, naming them, when `missing` lists any package: what each one lacks, then the fix.
fn assert_none_lack(missing: &[String], lack: &str, fix: &str) {
    assert!(missing.is_empty(), "{lack}: {}.\n{fix}", missing.join(", "));
}

#[test]
fn every_package_depends_on_the_workspace_hack() {
    let packages = packages();
    let missing: Vec<String> = packages
        .iter()
        .filter(|package| package["name"] != "workspace-hack")
        .filter(|package| {
            !package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|dep| dep["name"] == "workspace-hack" && dep["kind"].is_null())
        })
        .filter_map(|package| package["name"].as_str().map(str::to_owned))
        .collect();
    assert_none_lack(
        &missing,
        "these packages do not depend on workspace-hack",
        "Add `workspace-hack.workspace = true` under [dependencies] in each one's Cargo.toml, \
         then run `python3 .ci/workspace-hack.py` (it lists the features of any new dependency) \
         and commit both: without it, building the package alone compiles the registry crates \
         again with other features.",
    );
}

/// The lines of a Cargo.toml's `header` table (`[lints]`), comments and blanks trimmed off.
/// (cargo metadata reports neither lints nor profiles, and reading the text keeps this crate
/// free of a TOML parser.)
fn table_lines<'m>(manifest: &'m str, header: &'m str) -> impl Iterator<Item = &'m str> {
    let mut in_table = false;
    manifest.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            in_table = line == header;
            None
        } else {
            (in_table && !line.is_empty()).then_some(line)
        }
    })
}

/// Whether a Cargo.toml's text has a `[lints]` table with `workspace = true`.
fn takes_workspace_lints(manifest: &str) -> bool {
    table_lines(manifest, "[lints]").any(|line| line.replace(' ', "") == "workspace=true")
}

#[test]
fn every_package_takes_the_workspace_lints() {
    let packages = packages();
    let missing: Vec<String> = packages
        .iter()
        .filter_map(|package| {
            let path = package["manifest_path"].as_str()?;
            let text = std::fs::read_to_string(path).ok()?;
            (!takes_workspace_lints(&text)).then(|| path.to_owned())
        })
        .collect();
    assert_none_lack(
        &missing,
        "these manifests do not take the workspace's lints",
        "Add `[lints]` with `workspace = true` to each one: without it the package escapes \
         [workspace.lints] in the root Cargo.toml (no `unsafe`, no lock held across an \
         `.await`) and clippy stays silent about it.",
    );
}

#[test]
fn a_manifest_takes_the_workspace_lints_only_from_its_lints_table() {
    assert!(takes_workspace_lints(
        "[package]\nname = \"a\"\n\n[lints]\nworkspace = true\n"
    ));
    assert!(!takes_workspace_lints("[package]\nname = \"a\"\n"));
    assert!(!takes_workspace_lints(
        "[lints]\n\n[dependencies]\nworkspace = true\n"
    ));
    assert!(!takes_workspace_lints("[lints]\n# workspace = true\n"));
}

/// An exercise's entry under `[profile.dev.package]`: incremental, and `strip` said again (the
/// root Cargo.toml says why: cargo gives a package with an entry the default `strip`).
/// `cargo workshop dev new` writes it from the same constant in its authoring/new.rs.
const EXERCISE_ENTRY: &str = r#"{ incremental = true, strip = "symbols" }"#;

/// The package names a `[profile.dev.package]` table lists with the exercise entry, from the
/// root manifest's text.
fn incremental_packages(manifest: &str) -> Vec<String> {
    let entry = EXERCISE_ENTRY.replace(' ', "");
    table_lines(manifest, "[profile.dev.package]")
        .filter_map(|line| line.split_once('='))
        .filter(|(_, value)| value.replace(' ', "") == entry)
        .map(|(name, _)| name.trim().trim_matches('"').to_owned())
        .collect()
}

/// Only the exercises compile incrementally (the root Cargo.toml's [profile.dev] says why): an
/// exercise missing from the list makes each of a learner's saves slower, and any other
/// package in it keeps a cache of tens of megabytes for a crate nobody edits.
#[test]
fn exactly_the_exercises_compile_incrementally() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let manifest = std::fs::read_to_string(root).expect("the workspace's Cargo.toml is readable");
    let listed = incremental_packages(&manifest);
    let exercises: Vec<String> = packages()
        .iter()
        .filter(|package| {
            package["manifest_path"]
                .as_str()
                .is_some_and(|path| path.replace('\\', "/").contains("/exercises/"))
        })
        .filter_map(|package| package["name"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<String> = exercises
        .iter()
        .filter(|name| !listed.contains(name))
        .cloned()
        .collect();
    assert_none_lack(
        &missing,
        "these exercises lack their entry (or have another one) under [profile.dev.package]",
        &format!(
            "Give each the line `<name> = {EXERCISE_ENTRY}` under [profile.dev.package] in the \
             root Cargo.toml (`cargo workshop dev new` does it for the exercises it writes): \
             without `incremental`, every save of the exercise compiles its test from scratch; \
             without `strip`, its test binaries keep a symbol table that is a third of their size."
        ),
    );
    let extra: Vec<String> = listed
        .into_iter()
        .filter(|name| !exercises.contains(name))
        .collect();
    assert_none_lack(
        &extra,
        "these packages compile incrementally but are not exercises",
        "Remove their lines from [profile.dev.package] in the root Cargo.toml: nobody edits \
         them on every save, and each keeps an incremental cache of tens of megabytes.",
    );
}

#[test]
fn the_incremental_list_is_read_from_its_own_table_only() {
    let manifest = "[profile.dev]\nincremental = false\n\n[profile.dev.package]\nhello = { incremental = true, strip = \"symbols\" }\n\"list-view\" = {incremental=true,strip=\"symbols\"} # comment\nno-strip = { incremental = true }\nother = { opt-level = 1 }\n\n[workspace]\nx = { incremental = true, strip = \"symbols\" }\n";
    assert_eq!(incremental_packages(manifest), ["hello", "list-view"]);
}
