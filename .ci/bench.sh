#!/usr/bin/env bash
# The course's build figures, measured from a fresh clone of this checkout's HEAD (crates
# already downloaded), in the order a learner meets them:
#   1. first verdict: `cargo workshop`, then `cargo workshop check hello` (goal: <= 90 s);
#   2. no README command compiles a registry crate again after `cargo workshop` (counted from
#      cargo's `Compiling` lines; `python3 .ci/same-build.py` proves the same from the plans);
#   3. warm edit-to-verdict for `hello`, median of N: the runner's check as watch mode runs it
#      on each save, beside the fastest cargo command with the same verdict (goals: <= 0.5 s,
#      within 15 %);
#   4. `target/` after `cargo test` and every exercise built (goal: <= 2.5 GB).
# Cold builds take minutes of every core: run it on a quiet machine, twice, and paste the
# second run's output into the README's instructor section with the machine's description.
#
# Usage: bash .ci/bench.sh [--runs N] [--keep]
#   BENCH_DIR=path   where the clone goes (default: a new temporary directory; removed at
#                    the end unless --keep)
set -euo pipefail
source_root=$(cd "$(dirname "$0")/.." && pwd)
runs=10
keep=false
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "usage: bash .ci/bench.sh [--runs N] [--keep]" >&2; exit 2 ;;
    esac
done

bench_dir=${BENCH_DIR:-$(mktemp -d)}
clone="$bench_dir/course"
rm -rf "$clone"
git clone -q "$source_root" "$clone"
cleanup() { $keep || rm -rf "$clone"; }
trap cleanup EXIT
cd "$clone"
# The clone's own target/, as a learner's; nothing from the caller's shell changes the build.
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_INCREMENTAL
export CARGO_TERM_COLOR=never

log="$bench_dir/bench-log.txt"
: >"$log"
now() { date +%s.%N; }
# Runs a command with its output in the log; prints the seconds it took.
timed() {
    local started
    started=$(now)
    "$@" </dev/null >>"$log" 2>&1 || true
    echo "$(now) - $started" | bc
}
# Registry crates cargo compiled in the log since line $1 (workspace crates show a path).
registry_compiles_since() {
    tail -n +"$1" "$log" | grep -E '^\s*Compiling [^ ]+ v[^ ]+$' | sed 's/^ *Compiling //' || true
}
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.2f", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
mark() { wc -l <"$log"; }

echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "toolchain: $(rustc --version), $(cargo --version)"
echo "commit: $(git rev-parse --short HEAD)"
echo

# 1. First verdict.
start=$(mark)
first=$(timed cargo workshop)
first_crates=$(tail -n +"$start" "$log" | grep -cE '^\s*Compiling ' || true)
start=$(mark)
check=$(timed cargo workshop check hello)
check_registry=$(registry_compiles_since "$start" | wc -l)
check_crates=$(tail -n +"$start" "$log" | grep -cE '^\s*Compiling ' || true)
total=$(echo "$first + $check" | bc)
printf 'first verdict: %.0f s (cargo workshop %.0f s, %d crates; check hello %.0f s, %d crates, %d from the registry)\n' \
    "$total" "$first" "$first_crates" "$check" "$check_crates" "$check_registry"

# 2. Every other README command, after the first: registry crates compiled again.
again=$(registry_compiles_since "$start" | wc -l)
start=$(mark)
test_time=$(timed cargo test)
for package in $(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
print("\n".join(p["name"] for p in json.load(sys.stdin)["packages"]))'); do
    cargo test --no-run -p "$package" </dev/null >>"$log" 2>&1 || true
done
verify_time=$(timed cargo workshop verify)
book_time=$(timed cargo workshop book)
again=$((again + $(registry_compiles_since "$start" | wc -l)))
printf 'registry crates compiled again after `cargo workshop`: %d (cargo test %.0f s, every cargo test -p, verify %.0f s, book %.0f s)\n' \
    "$again" "$test_time" "$verify_time" "$book_time"
if [ "$again" -gt 0 ]; then registry_compiles_since "$start" | sort | uniq -c | sort -rn | head -20 | sed 's/^/    /'; fi
printf 'target/ after cargo test and every exercise built: %s\n' "$(du -sh target | cut -f1)"

# 3. Warm edit to verdict. Each run changes the exercise's source, as a save does.
lib=exercises/01-async-views/01-hello/src/lib.rs
cp "$lib" "$bench_dir/lib.rs.orig"
runner=target/debug/workshop
measure() {
    local i
    for i in $(seq 1 "$runs"); do
        printf '\n// edit %s\n' "$i$RANDOM" >>"$lib"
        timed "$@"
    done | median
}
cargo test -q -p hello --test hello </dev/null >>"$log" 2>&1 || true
plain=$(measure cargo test -q -p hello --test hello)
watch=$(measure "$runner" check hello)
oneshot=$(measure cargo workshop check hello)
cp "$bench_dir/lib.rs.orig" "$lib"
binary=$(find target/debug/deps -maxdepth 1 -name 'hello-*' -type f -perm -u+x | head -1)
printf 'edit to verdict, hello, median of %d: %s s in watch mode (the runner'"'"'s check), %s s with `cargo workshop check hello`; fastest cargo (`cargo test -p hello --test hello`): %s s\n' \
    "$runs" "$watch" "$oneshot" "$plain"
printf '  watch mode vs fastest cargo: %+.0f %%; test binary: %s\n' \
    "$(echo "($watch / $plain - 1) * 100" | bc -l)" "$(du -h "$binary" | cut -f1)"
printf 'log: %s\n' "$log"
