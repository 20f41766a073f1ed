#!/usr/bin/env bash
# Proves `cargo workshop bundle`: a laptop in an offline room, given a copy of the bundle and
# the Rust toolchain, passes the first exercise's tests. The copy is built with an empty cargo
# home, a target directory of its own, cargo told to stay offline, and (where the system
# allows it) no network at all. It compiles the whole stack from nothing: minutes of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo workshop bundle "$work/bundle"

# What the instructor hands out, and what a learner's laptop has.
test -f "$work/bundle/README.md"
grep -q '^cd course$' "$work/bundle/README.md"
grep -q '^cargo workshop$' "$work/bundle/README.md"
cp -R "$work/bundle" "$work/laptop"
mkdir "$work/empty-cargo-home"

# The toolchain's own binaries, not rustup's proxies (which live in the cargo home).
toolchain_bin=$(dirname "$(rustc --print sysroot)/bin/cargo")
no_network=()
if command -v unshare >/dev/null && unshare -rn true 2>/dev/null; then
    no_network=(unshare -rn)
    echo "building with no network interface (unshare -rn)"
fi

cd "$work/laptop/course"
# The bundled course is as shipped: a clean git repository.
test -z "$(git status --porcelain)"
started=$(date +%s)
env -u CARGO_TARGET_DIR -u RUSTC_WRAPPER -u CARGO_BUILD_TARGET_DIR \
    CARGO_HOME="$work/empty-cargo-home" \
    CARGO_NET_OFFLINE=true \
    PATH="$toolchain_bin:$PATH" \
    "${no_network[@]}" cargo test --offline -p hello-solution
echo "the offline build and test took $(($(date +%s) - started)) s"
# Nothing reached the cargo home: every crate came from the bundle.
if [ -d "$work/empty-cargo-home/registry" ]; then
    echo "the build used a registry: the bundle is not self-sufficient" >&2
    exit 1
fi
test -z "$(git status --porcelain)"
