#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server, then stops the server and deletes it.
#
#   bash .ci/postgres.sh                 # the chapter-2 (async ORM) tests on PostgreSQL
#   bash .ci/postgres.sh cargo test -p get-or-create-solution
#
# Installs PostgreSQL from the distribution's packages if `initdb` is missing (needs root and
# apt-get), runs the server as a non-root user on 127.0.0.1 on a free port from a temporary
# directory, exports WORKSHOP_DATABASE_URL=postgres://... for the command, and always stops the server
# and removes the directory, whatever the command does. The server is tuned for tests
# (no fsync): it holds nothing worth keeping.
set -euo pipefail
cd "$(dirname "$0")/.."

find_bin() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    # Debian keeps the server's programs off PATH, one directory per major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
}

bin=$(find_bin)
if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "postgres.sh: PostgreSQL is not installed; install it (initdb, pg_ctl) and retry" >&2
        exit 1
    fi
    echo "postgres.sh: installing PostgreSQL from the distribution's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(find_bin)
    [ -n "$bin" ] || { echo "postgres.sh: installed, but initdb is still missing" >&2; exit 1; }
fi

# The server refuses to run as root: use the package's `postgres` user, or make one.
as_server_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    server_user=postgres
    if ! id "$server_user" >/dev/null 2>&1; then
        server_user=pgtest
        id "$server_user" >/dev/null 2>&1 || useradd --system --no-create-home "$server_user"
    fi
    as_server_user() { runuser -u "$server_user" -- "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/workshop-pg.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown "$server_user" "$tmp"
stop() {
    as_server_user "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap stop EXIT INT TERM

as_server_user "$bin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --no-locale \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

# A port that nothing listens on, below the range the kernel hands out to outgoing
# connections (a port in use as a connection's local end cannot be bound either). Another
# process can still take it first, so try a few.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for candidate in $(shuf -i 20000-32000 -n 20); do
    port_is_free "$candidate" || continue
    rm -f "$tmp/server.log"
    if as_server_user "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $candidate -k $tmp -c max_connections=200 \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        port=$candidate
        break
    fi
    grep -q "Address already in use" "$tmp/server.log" || { cat "$tmp/server.log" >&2; exit 1; }
done
[ -n "$port" ] || { echo "postgres.sh: could not start the server on a free port" >&2; exit 1; }

export WORKSHOP_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "postgres.sh: $("$bin/postgres" --version) on 127.0.0.1:$port, WORKSHOP_DATABASE_URL=$WORKSHOP_DATABASE_URL"

if [ $# -eq 0 ]; then
    # Every chapter-2 test file, run against the reference solutions. Naming the test targets
    # (not the packages) keeps the selection of a plain `cargo test`: same features, so the
    # binaries it built are reused instead of compiling sqlx again.
    targets=()
    # Chapter 2, and the chapter 7 exercises whose point needs PostgreSQL (LISTEN/NOTIFY) or
    # streams rows from it.
    for manifest in solutions/02-async-orm/*/Cargo.toml solutions/07-live/01-streaming-export/Cargo.toml \
        solutions/07-live/06-shared-rooms/Cargo.toml; do
        name=$(sed -n '/^\[lib\]/,/^\[/s/^name = "\(.*\)"$/\1/p' "$manifest" | head -1)
        targets+=(--test "$name")
    done
    set -- cargo test "${targets[@]}"
fi
"$@"
