#!/usr/bin/env bash
# The README's advice for a rustc that links with GNU ld (a distribution's rustc, or
# `-C linker-features=-lld`), checked on x86_64 Linux:
#   1. with `.cargo/config.toml` as it is, the first build fails, naming `--icf=all`: the
#      message the README tells the learner to look for;
#   2. with its `rustflags` line deleted (RUSTFLAGS replaces that line), `cargo test` passes.
# The second builds the whole course again with other flags, so it builds in a temporary
# target directory, removed at the end: about 3 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -sm)" != "Linux x86_64" ]; then
    echo "skipped: the flags are for x86_64 Linux only, and this is $(uname -sm)"
    exit 0
fi
if ! ld --version 2>/dev/null | grep -q "GNU ld"; then
    echo "skipped: no GNU ld on this machine to link with"
    exit 0
fi

target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
export CARGO_TARGET_DIR=$target
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS

# The message the README's quick start tells the learner to look for (its lines joined, as
# the sentence wraps), so the README and this check cannot drift apart.
message="unrecognized option '--icf=all'"
if ! tr -s ' \n' '  ' <README.md | grep -qF "\"$message\""; then
    echo "README.md no longer names \"$message\"; update this check with its note on GNU ld" >&2
    exit 1
fi

# A `--config` array joins the config file's, so this keeps the course's flags.
log="$target/as-it-is.txt"
if cargo build -q -p workshop \
    --config 'target.x86_64-unknown-linux-gnu.rustflags = ["-C", "linker-features=-lld"]' \
    >"$log" 2>&1; then
    echo "GNU ld linked the course with its lld flags: the README's note on GNU ld is out of date" >&2
    exit 1
fi
if ! grep -qF "$message" "$log"; then
    echo "GNU ld failed on the course's flags, but not with the message the README names:" >&2
    tail -20 "$log" >&2
    exit 1
fi
echo "with the course's flags, GNU ld fails as the README says: $message"

RUSTFLAGS="-C linker-features=-lld" cargo test -q
echo "without the rustflags line, GNU ld links the course and cargo test passes"
