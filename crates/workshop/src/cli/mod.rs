//! The command line: turning `cargo workshop ...` into words and flags.

pub mod args;
