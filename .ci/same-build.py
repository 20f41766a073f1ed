#!/usr/bin/env python3
"""Proves, without building anything, that every README command reuses the registry crates
the first one (`cargo workshop`) compiled: no README command compiles a registry crate again.

For each command it asks cargo for its unit graph (`--unit-graph`, a nightly flag that stable
cargo accepts under RUSTC_BOOTSTRAP=1, here only to print the plan) and gives every registry
unit an identity from what decides its build: package, target, mode, profile (its settings: cargo hashes those, not the profile's
name, so `dev` and `test` share a build), features,
host-or-target, and the identities of its own dependencies. A unit another command needs that
the first did not build is a crate cargo would compile again. Exit status 1 lists them.

Usage: python3 .ci/same-build.py            (from the workspace root)
"""
import hashlib
import json
import os
import subprocess
import sys


def unit_graph(args):
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    out = subprocess.run(
        ["cargo", *args, "--unit-graph", "-Zunstable-options"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def registry_units(graph):
    """identity -> readable name, for every unit of a registry package."""
    units = graph["units"]
    ids = [None] * len(units)

    def identity(i):
        if ids[i] is None:
            u = units[i]
            own = json.dumps([u["pkg_id"], u["target"]["name"], u["target"]["kind"], u["mode"],
                              {k: v for k, v in u["profile"].items() if k != "name"}, u["features"], u["platform"]], sort_keys=True)
            deps = sorted(identity(d["index"]) for d in u["dependencies"])
            ids[i] = hashlib.sha256((own + "".join(deps)).encode()).hexdigest()
        return ids[i]

    found = {}
    for i, u in enumerate(units):
        if u["pkg_id"].startswith("registry+"):
            name = u["pkg_id"].split("#", 1)[1]
            kind = "build script" if u["mode"] == "run-custom-build" or "custom-build" in u["target"]["kind"] else ",".join(u["target"]["kind"])
            found[identity(i)] = f"{name} ({kind}, {'host' if u['platform'] is None and u['target']['kind'] == ['proc-macro'] else 'features: ' + ','.join(u['features']) or '-'})"
    return found


def packages():
    meta = json.loads(subprocess.run(["cargo", "metadata", "--no-deps", "--format-version", "1"],
                                     check=True, capture_output=True, text=True).stdout)
    return meta["packages"]


def main():
    members = packages()
    exercises = [p["name"] for p in members if "/exercises/" in p["manifest_path"]]
    commands = [("cargo workshop", ["build", "-p", "workshop", "--bin", "workshop"])]
    commands.append(("cargo workshop check hello", ["test", "--no-run", "-p", "hello", "--test", "hello"]))
    commands.append(("cargo test", ["test", "--no-run"]))
    commands.append(("cargo workshop verify", ["test", "--no-run", *[a for e in exercises for a in ("-p", e)]]))
    for p in members:
        commands.append((f"cargo test -p {p['name']}", ["test", "--no-run", "-p", p["name"]]))

    first_name, first_args = commands[0]
    first = registry_units(unit_graph(first_args))
    print(f"{first_name}: {len(first)} registry units")
    failures = 0
    for name, args in commands[1:]:
        extra = {k: v for k, v in registry_units(unit_graph(args)).items() if k not in first}
        if extra:
            failures += 1
            names = sorted(set(extra.values()))
            print(f"  {name}: {len(extra)} registry units compiled again or anew, e.g. {'; '.join(names[:6])}")
    checked = len(commands) - 1
    if failures:
        print(f"{failures} of {checked} commands would compile registry crates again")
        return 1
    print(f"all {checked} later commands reuse the registry crates `{first_name}` built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
