//! The dev container (`.devcontainer/`) names versions and ports that live elsewhere in the
//! project; nothing here can build the image, so this test holds them in step: the toolchain
//! it pins is the course's `rust-version` (and `rust-toolchain`, if the course has one), it
//! forwards the ports the book server and the capstone really use, and it prepares the
//! machine with `cargo workshop doctor`.

mod support;

use std::fs;

use support::{bin, real_root};

fn read(relative: &str) -> String {
    fs::read_to_string(real_root().join(relative))
        .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
}

fn devcontainer() -> serde_json::Value {
    serde_json::from_str(&read(".devcontainer/devcontainer.json"))
        .expect(".devcontainer/devcontainer.json is JSON (no comments, so any tool reads it)")
}

fn rust_version() -> String {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).expect("Cargo.toml");
    manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .expect("workspace.package.rust-version")
        .to_owned()
}

/// The number after `marker` in `text`, up to the first character that is not a digit.
fn number_after(text: &str, marker: &str, file: &str) -> u16 {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{file} no longer has `{marker}`; update this test"));
    let digits: String = text[at + marker.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a port number")
}

#[test]
fn the_container_pins_the_course_toolchain() {
    let wanted = rust_version();
    let container = devcontainer();
    assert_eq!(
        container["build"]["args"]["RUST_VERSION"],
        wanted.as_str(),
        "devcontainer.json builds the image with the course's rust-version"
    );
    let dockerfile_name = container["build"]["dockerfile"]
        .as_str()
        .expect("build.dockerfile");
    let dockerfile = read(&format!(".devcontainer/{dockerfile_name}"));
    assert!(
        dockerfile
            .lines()
            .any(|line| line.trim() == format!("ARG RUST_VERSION={wanted}")),
        "the Dockerfile's default toolchain is {wanted}:\n{dockerfile}"
    );
    let from = dockerfile
        .lines()
        .find(|line| line.starts_with("FROM "))
        .expect("a FROM line");
    assert!(
        from.starts_with("FROM rust:${RUST_VERSION}-"),
        "the image is the official Rust image of that toolchain: {from}"
    );
    assert!(
        dockerfile.contains(" postgresql "),
        "PostgreSQL is installed for .ci/postgres.sh"
    );
    assert!(
        dockerfile.contains("chromium"),
        "Chromium can be installed for the book's browser test"
    );

    // A rust-toolchain file, if the course adds one, must pin the same release.
    for name in ["rust-toolchain", "rust-toolchain.toml"] {
        let Ok(text) = fs::read_to_string(real_root().join(name)) else {
            continue;
        };
        let channel = match toml::from_str::<toml::Table>(&text) {
            Ok(table) => table["toolchain"]["channel"]
                .as_str()
                .expect("toolchain.channel")
                .to_owned(),
            Err(_) => text.trim().to_owned(),
        };
        assert!(
            channel == wanted || channel.starts_with(&format!("{wanted}.")),
            "{name} pins {channel}, the course's rust-version is {wanted}"
        );
    }
}

#[test]
fn the_container_forwards_the_real_ports_and_runs_the_doctor() {
    let container = devcontainer();
    let forwarded: Vec<u64> = container["forwardPorts"]
        .as_array()
        .expect("forwardPorts")
        .iter()
        .map(|port| port.as_u64().expect("a port number"))
        .collect();
    let serve = "crates/workshop/src/instructor/serve.rs";
    let book_port = number_after(&read(serve), "pub const DEFAULT_PORT: u16 = ", serve);
    let capstone = "exercises/06-serving/04-capstone-dashboard/src/main.rs";
    let capstone_port = number_after(&read(capstone), "env_or(\"ADDR\", \"127.0.0.1:", capstone);
    for (what, port) in [("book --serve", book_port), ("the capstone", capstone_port)] {
        assert!(
            forwarded.contains(&u64::from(port)),
            "{what} listens on {port}, which is not forwarded: {forwarded:?}"
        );
    }
    for port in &forwarded {
        assert!(
            container["portsAttributes"][port.to_string()]["label"].is_string(),
            "port {port} has a label saying what it is"
        );
    }

    assert_eq!(container["postCreateCommand"], "cargo workshop doctor");
    let help = std::process::Command::new(bin())
        .arg("help")
        .output()
        .expect("the runner starts");
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("cargo workshop doctor"),
        "the post-create command is one the runner has"
    );
    let alias = read(".cargo/config.toml");
    assert!(
        alias.contains("workshop = \"run --package workshop --\""),
        "`cargo workshop` is the alias the post-create command relies on"
    );
}
