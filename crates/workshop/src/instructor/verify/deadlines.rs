//! Tests' own deadlines against the runner's per-test limit.
//!
//! A test whose point is "this never happens" (a gate that never fills, a server that never
//! returns) waits, then fails with a sentence that names the mistake. If it waits longer than
//! the runner lets a test run, the learner gets the runner's generic "did not finish" instead.
//! So every test waits `testkit::probe::PATIENCE`, or a part of it. This check reads that
//! constant and every deadline written in `tests/*.rs` and rejects:
//! - a `PATIENCE` above a third of the runner's default limit (a test may wait twice), and
//! - a deadline above half the limit at a place where a test waits: the first argument of
//!   `timeout(..)`, `wait_until(..)` and `wait_for_exit(..)`, the second of `with_gate(..)`, `Gate::new(..)` and
//!   `Rendezvous::new(..)`, and a `patience:` field.
//!
//! Deadlines are read from the source: a literal `Duration::from_secs(N)` (or `from_millis`,
//! `from_secs_f64`), `PATIENCE`, a `const`/`let` defined as one of those in the same file, or
//! one of those divided or multiplied by a number. A wait whose length is computed some other
//! way is not judged.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

/// Where the testkit defines the patience every test shares.
const PATIENCE_FILE: &str = "crates/testkit/src/probe.rs";

/// Calls whose argument at the given position (0-based) is how long a test waits.
const WAITS: [(&str, usize); 6] = [
    ("timeout(", 0),
    ("wait_until(", 0),
    ("wait_for_exit(", 0),
    ("with_gate(", 1),
    ("Gate::new(", 1),
    ("Rendezvous::new(", 1),
];

/// Checks the testkit's patience and every test file's deadlines against `limit`.
pub fn check(root: &Path, limit: Duration) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let source = fs::read_to_string(root.join(PATIENCE_FILE))
        .with_context(|| format!("reading {PATIENCE_FILE}"))?;
    let Some(patience) = constants(&source, &BTreeMap::new()).remove("PATIENCE") else {
        problems.push(format!(
            "{PATIENCE_FILE}: no `pub const PATIENCE: Duration = Duration::from_secs(..)`, the \
             deadline every test shares"
        ));
        return Ok(problems);
    };
    if patience > limit / 3 {
        problems.push(format!(
            "{PATIENCE_FILE}: PATIENCE is {patience:?}, more than a third of the runner's \
             per-test limit ({limit:?}): a test that waits twice would be stopped before it \
             can say why"
        ));
    }
    let known = BTreeMap::from([("PATIENCE".to_owned(), patience)]);
    let mut files: Vec<_> = fs::read_dir(root.join("tests"))
        .context("reading tests/")?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in files {
        let source =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = format!(
            "tests/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        for (line, wait, deadline) in deadlines(&source, &known) {
            if deadline > limit / 2 {
                problems.push(format!(
                    "{name}:{line}: `{wait}` waits {deadline:?}, more than half the runner's \
                     per-test limit ({limit:?}): when the wait runs out the runner has already \
                     stopped the test, and the learner never reads its message. Wait \
                     `testkit::probe::PATIENCE` (or a part of it)."
                ));
            }
        }
    }
    Ok(problems)
}

/// The deadlines written at the places a test waits: (line number, the call, how long).
fn deadlines(source: &str, known: &BTreeMap<String, Duration>) -> Vec<(usize, String, Duration)> {
    let names = constants(source, known);
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (call, position) in WAITS {
            let mut from = 0;
            while let Some(at) = code[from..].find(call) {
                let start = from + at;
                from = start + call.len();
                // `wait_timeout(` is a condvar's remaining time, `.timeout(` a client setting.
                let before = code[..start].chars().next_back();
                let part_of_a_longer_name =
                    before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
                if call == "timeout(" && part_of_a_longer_name {
                    continue;
                }
                let Some(argument) = arguments(&code[from..]).into_iter().nth(position) else {
                    continue;
                };
                if let Some(deadline) = evaluate(&argument, &names) {
                    found.push((index + 1, call.trim_end_matches('(').to_owned(), deadline));
                }
            }
        }
        if let Some((_, rest)) = code.split_once("patience:")
            && let Some(deadline) = evaluate(rest.trim().trim_end_matches(','), &names)
        {
            found.push((index + 1, "patience".to_owned(), deadline));
        }
    }
    found
}

/// `const NAME: Duration = EXPR;` and `let name = EXPR;` lines whose value can be read.
fn constants(source: &str, known: &BTreeMap<String, Duration>) -> BTreeMap<String, Duration> {
    let mut names = known.clone();
    for line in source.lines() {
        let line = line.trim();
        let definition = line
            .strip_prefix("pub const ")
            .or_else(|| line.strip_prefix("const "))
            .or_else(|| line.strip_prefix("let "));
        let Some((name, value)) = definition.and_then(|d| d.split_once('=')) else {
            continue;
        };
        let name = name.split(':').next().unwrap_or("").trim();
        let value = value.trim().trim_end_matches(';');
        if let Some(duration) = evaluate(value, &names) {
            names.insert(name.to_owned(), duration);
        }
    }
    names
}

/// The arguments of a call whose opening parenthesis was just passed, split at top-level
/// commas; stops at the closing parenthesis (or the end of the line).
fn arguments(text: &str) -> Vec<String> {
    let mut arguments = vec![String::new()];
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                arguments.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = arguments.last_mut() {
            last.push(c);
        }
    }
    arguments.into_iter().map(|a| a.trim().to_owned()).collect()
}

/// The duration `text` stands for, if it is one this check can read.
fn evaluate(text: &str, names: &BTreeMap<String, Duration>) -> Option<Duration> {
    let text = text.trim();
    for (operator, divide) in [('/', true), ('*', false)] {
        if let Some((left, right)) = text.rsplit_once(operator) {
            let factor: u32 = right.trim().parse().ok()?;
            let left = evaluate(left, names)?;
            return if divide {
                left.checked_div(factor)
            } else {
                left.checked_mul(factor)
            };
        }
    }
    let literal = |prefix: &str| {
        text.strip_prefix("std::time::")
            .unwrap_or(text)
            .strip_prefix(prefix)?
            .strip_suffix(')')
            .map(|n| n.replace('_', ""))
    };
    if let Some(n) = literal("Duration::from_secs(") {
        return n.parse().ok().map(Duration::from_secs);
    }
    if let Some(n) = literal("Duration::from_millis(") {
        return n.parse().ok().map(Duration::from_millis);
    }
    if let Some(n) = literal("Duration::from_secs_f64(") {
        return n
            .parse()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok());
    }
    let name = text.rsplit("::").next().unwrap_or(text);
    names.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patience() -> BTreeMap<String, Duration> {
        BTreeMap::from([("PATIENCE".to_owned(), Duration::from_secs(3))])
    }

    #[test]
    fn reads_deadlines_at_the_places_tests_wait() {
        let source = "
const GATE_LIMIT: Duration = Duration::from_secs(10);
const SHORT: Duration = testkit::probe::PATIENCE / 2;
let bound = Duration::from_millis(1_500);
    let probe = PoolProbe::with_gate(QUERIES, GATE_LIMIT);
    match tokio::time::timeout(SHORT, work).await {
    let waited = timeout(bound, async {
    let status = server.wait_for_exit(PATIENCE * 4).await;
        patience: Duration::from_secs(5),
    let client = builder.timeout(Duration::from_secs(60));
    counts = arrived.wait_timeout(counts, Duration::from_secs(60));
    let unknown = tokio::time::timeout(left, work);
";
        let found = deadlines(source, &patience());
        let seconds: Vec<(usize, &str, f64)> = found
            .iter()
            .map(|(line, call, d)| (*line, call.as_str(), d.as_secs_f64()))
            .collect();
        assert_eq!(
            seconds,
            [
                (5, "with_gate", 10.0),
                (6, "timeout", 1.5),
                (7, "timeout", 1.5),
                (8, "wait_for_exit", 12.0),
                (9, "patience", 5.0),
            ]
        );
    }

    #[test]
    fn the_course_waits_within_the_runners_limit() {
        // Read when the test runs (cargo sets it then too), so a moved checkout checks itself.
        let package = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets it");
        let root = Path::new(&package).join("../..");
        let problems = check(&root, crate::testrun::Limits::default().per_test)
            .expect("the course's files can be read");
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
