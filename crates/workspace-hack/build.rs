// Cargo resolves [build-dependencies] only for a package with a build script: this empty one
// makes the host-side list in Cargo.toml count.
fn main() {}
