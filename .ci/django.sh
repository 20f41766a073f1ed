#!/usr/bin/env bash
# Runs the Django twin's tests (book/django): the code the book's Python listings include and
# the tests behind every claim the book makes about Django.
#
#   bash .ci/django.sh                    # every test
#   bash .ci/django.sh blog.tests.test_seed
#
# Finds a Python that Django 6 supports (3.12 or newer: on PATH, then pyenv's versions, then
# Debian's packages), makes a venv in book/django/.venv (ignored by git) and installs the pinned
# requirements into it. Learners need none of this: `cargo test` does not use Python.
set -euo pipefail
cd "$(dirname "$0")/../book/django"

supported() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in python3.14 python3.13 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then
            command -v "$candidate"
            return
        fi
    done
    local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
    for candidate in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/bin/python3" ] && supported "$candidate/bin/python3"; then
            echo "$candidate/bin/python3"
            return
        fi
    done
}

python=$(find_python)
if [ -z "$python" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "django.sh: no Python 3.12+ found; trying Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        python3 python3-venv >/dev/null || true
    python=$(find_python)
fi
[ -n "$python" ] || {
    echo "django.sh: Django 6 needs Python 3.12 or newer, and none was found (PATH, pyenv, apt)" >&2
    exit 1
}

venv=.venv
stamp="$venv/requirements.installed"
if [ ! -x "$venv/bin/python" ] || ! supported "$venv/bin/python"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
if ! cmp -s requirements.txt "$stamp"; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt
    cp requirements.txt "$stamp"
fi
echo "django.sh: $("$venv/bin/python" --version), Django $("$venv/bin/python" -m django --version)"

# Warnings are errors: a deprecation in a listing is a listing that will stop working.
exec "$venv/bin/python" -W error::DeprecationWarning manage.py test --noinput "$@"
