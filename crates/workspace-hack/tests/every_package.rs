//! Every package of the course depends on workspace-hack.
//!
//! A package without it, built on its own (`cargo test -p <it>`, or the runner checking it),
//! resolves only the features its own dependencies ask for, and cargo compiles tokio, serde or
//! sqlx again for that feature set: minutes on a laptop, for nothing.

use std::process::Command;

use serde_json::Value;

#[test]
fn every_package_depends_on_the_workspace_hack() {
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
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let packages = metadata["packages"].as_array().expect("a package list");
    let missing: Vec<&str> = packages
        .iter()
        .filter(|package| package["name"] != "workspace-hack")
        .filter(|package| {
            !package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|dep| dep["name"] == "workspace-hack" && dep["kind"].is_null())
        })
        .filter_map(|package| package["name"].as_str())
        .collect();
    assert!(
        packages.len() > 1,
        "cargo metadata listed no package besides workspace-hack"
    );
    assert!(
        missing.is_empty(),
        "these packages do not depend on workspace-hack: {}.\n\
         Add `workspace-hack.workspace = true` under [dependencies] in each one's Cargo.toml, \
         then run `python3 .ci/workspace-hack.py` (it lists the features of any new dependency) \
         and commit both: without it, building the package alone compiles the registry crates \
         again with other features.",
        missing.join(", ")
    );
}
