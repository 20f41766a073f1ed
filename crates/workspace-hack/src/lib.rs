//! Nothing to use here: this crate exists for its `Cargo.toml`.
//!
//! Cargo picks the features of a dependency per command, from the packages that command
//! builds: `cargo workshop` (the runner), `cargo test` and `cargo test -p hello` would each
//! compile tokio, serde or sqlx with a different feature set, and so compile them again. Every
//! package depends on this crate, which lists every registry crate with the union of those
//! features (`python3 .ci/workspace-hack.py` writes the list), so every command sees one
//! feature set and reuses what the first one compiled.
