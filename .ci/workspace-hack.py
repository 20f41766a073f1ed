#!/usr/bin/env python3
"""Writes crates/workspace-hack/Cargo.toml: one feature set for every build of the course.

Cargo resolves features per command: `cargo run -p workshop`, `cargo test` and
`cargo test -p hello` each see only the packages they build, so each enables different
features of tokio, serde, sqlx-core, ... and compiles them again. Within one build, too,
a crate used by a proc macro or build script (the host side) gets only the features the host
side asks for, so sqlx-core, tokio or libsqlite3-sys's C build are compiled twice.

Every package of the workspace depends on `workspace-hack`, and this script lists in it every
registry crate with the union of the features any build of the workspace enables, on both
sides ([dependencies] and [build-dependencies]). Whatever a command selects, cargo then
resolves the same features, and host and target builds of a crate are one build.

Run it after adding or changing a dependency or a package (it starts from an empty hack, so
removed crates leave it too):
    python3 .ci/workspace-hack.py          # rewrite the file
    python3 .ci/workspace-hack.py --check  # exit 1 if the file is out of date (CI)

It reads cargo's build plans (`--unit-graph`, a nightly flag that stable cargo accepts under
RUSTC_BOOTSTRAP=1; nothing is compiled) for the platforms below.
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANIFEST = os.path.join(ROOT, "crates", "workspace-hack", "Cargo.toml")
MARKER = "### BEGIN GENERATED (python3 .ci/workspace-hack.py) ###"

# target triple -> the cfg its section is written under. Triples that share a cfg are merged.
PLATFORMS = {
    "x86_64-unknown-linux-gnu": 'cfg(target_os = "linux")',
    "aarch64-apple-darwin": 'cfg(target_os = "macos")',
    "x86_64-apple-darwin": 'cfg(target_os = "macos")',
    "x86_64-pc-windows-msvc": "cfg(windows)",
}


def plan(triple):
    """{(side, package name, version): set of features} for `cargo test --workspace`."""
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    out = subprocess.run(
        ["cargo", "test", "--no-run", "--workspace", "--target", triple,
         "--unit-graph", "-Zunstable-options"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout
    found = defaultdict(set)
    for unit in json.loads(out)["units"]:
        if not unit["pkg_id"].startswith("registry+"):
            continue
        name, version = unit["pkg_id"].split("#", 1)[1].rsplit("@", 1)
        side = "host" if unit["platform"] is None else "target"
        found[(side, name, version)].update(unit["features"])
    # A crate on both sides gets the union on both, so the two builds are the same build.
    union = defaultdict(set)
    for (side, name, version), features in found.items():
        union[(name, version)] |= features
    return {key: union[key[1:]] for key in found}


def merged_plans():
    """{cfg: plan}, merging the triples that share a cfg."""
    by_cfg = {}
    for triple, cfg in PLATFORMS.items():
        current = plan(triple)
        if cfg in by_cfg:
            previous = by_cfg[cfg]
            for key, features in current.items():
                previous.setdefault(key, set()).update(features)
        else:
            by_cfg[cfg] = current
    return by_cfg


def render(by_cfg):
    names = defaultdict(set)
    for p in by_cfg.values():
        for _, name, version in p:
            names[name].add(version)

    def key(name, version):
        if len(names[name]) == 1:
            return name
        return name + "-" + "_".join(version.split(".")[:2 if version.startswith("0.") else 1])

    def line(name, version, features):
        spec = f'package = "{name}", ' if key(name, version) != name else ""
        version = version.split("+")[0]  # build metadata (`1.2.0+spec-1.1.0`) is no requirement
        listed = ", ".join(f'"{f}"' for f in sorted(features))
        return (f'{key(name, version)} = {{ {spec}version = "{version}", '
                f"default-features = false, features = [{listed}] }}")

    cfgs = list(by_cfg)
    everywhere = set.intersection(*(set(p) for p in by_cfg.values()))
    sections = []
    for side, table in (("target", "dependencies"), ("host", "build-dependencies")):
        common = {}
        for k in sorted(everywhere):
            if k[0] == side:
                common[k] = set.intersection(*(by_cfg[c][k] for c in cfgs))
        sections.append((f"[{table}]", [line(n, v, f) for (_, n, v), f in common.items()]))
        for cfg in cfgs:
            lines = []
            for k, features in sorted(by_cfg[cfg].items()):
                if k[0] != side:
                    continue
                extra = features - common.get(k, set())
                if k not in common or extra:
                    lines.append(line(k[1], k[2], extra if k in common else features))
            if lines:
                sections.append((f"[target.'{cfg}'.{table}]", lines))
    body = "\n\n".join(header + "\n" + "\n".join(lines) for header, lines in sections)
    return f"{MARKER}\n# Do not edit below by hand: run the script.\n\n{body}\n"


def write(text):
    with open(MANIFEST, encoding="utf-8") as f:
        current = f.read()
    head = current.split(MARKER)[0]
    with open(MANIFEST, "w", encoding="utf-8") as f:
        f.write(head + text)
    return current


def main():
    check = "--check" in sys.argv[1:]
    original = write("")  # start from an empty hack: nothing it listed keeps itself alive
    try:
        text = ""
        for _ in range(6):  # union on both sides may enable more: repeat to a fixed point
            new = render(merged_plans())
            if new == text:
                break
            text = new
            write(text)
        else:
            sys.exit("workspace-hack.py: the feature sets did not settle after 6 rounds")
    finally:
        if check:
            with open(MANIFEST, "w", encoding="utf-8") as f:
                f.write(original)
    if check:
        if original.split(MARKER)[-1] != text[len(MARKER):]:
            print("crates/workspace-hack/Cargo.toml is out of date: "
                  "run `python3 .ci/workspace-hack.py` and commit it", file=sys.stderr)
            return 1
        print("crates/workspace-hack/Cargo.toml is up to date")
        return 0
    print(f"wrote {os.path.relpath(MANIFEST, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
