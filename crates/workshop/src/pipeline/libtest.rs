//! Reading the output of a Rust test binary (libtest's human format, the only stable one).

/// The result of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// What the test printed and its panic message; empty for passing tests.
    pub output: String,
}

/// Everything a test binary's output says.
#[derive(Debug, Default)]
pub struct Report {
    pub results: Vec<TestResult>,
}

/// Parses libtest output. Lines it does not recognise are ignored, so extra output from the
/// tests themselves cannot confuse it.
pub fn parse(output: &str) -> Report {
    let mut report = Report::default();
    let mut lines = output.lines().peekable();
    let mut in_failures = false;
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some((name, outcome)) = rest.rsplit_once(" ... ") {
                let passed = match outcome.trim() {
                    "ok" => true,
                    "FAILED" => false,
                    // "ignored", or a result line cut short by a crash: not a result.
                    _ => continue,
                };
                report.results.push(TestResult {
                    name: name.to_owned(),
                    passed,
                    output: String::new(),
                });
            }
            continue;
        }
        if line == "failures:" {
            in_failures = true;
            continue;
        }
        if in_failures
            && let Some(name) = line
                .strip_prefix("---- ")
                .and_then(|rest| rest.strip_suffix(" stdout ----"))
        {
            let mut captured = Vec::new();
            while let Some(next) = lines.peek() {
                let at_next_section = next.starts_with("---- ") && next.ends_with(" stdout ----");
                if at_next_section || *next == "failures:" {
                    break;
                }
                captured.push(*next);
                lines.next();
            }
            let text = captured.join("\n").trim().to_owned();
            if let Some(result) = report.results.iter_mut().find(|r| r.name == name) {
                result.output = text;
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "
running 3 tests
test hello_answers_json ... FAILED
test hello_answers_200_ok ... ok
test ignored_one ... ignored
test hello_says_hello ... FAILED

failures:

---- hello_answers_json stdout ----

thread 'hello_answers_json' (81) panicked at exercises/01-async-views/01-hello/src/lib.rs:20:5:
not yet implemented: build the greeting
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- hello_says_hello stdout ----
some print
thread 'hello_says_hello' panicked at tests/hello.rs:3:1:
assertion failed

failures:
    hello_answers_json
    hello_says_hello

test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.06s
";

    #[test]
    fn reads_each_result_and_the_output_of_failures() {
        let report = parse(SAMPLE);
        let names: Vec<_> = report
            .results
            .iter()
            .map(|r| (r.name.as_str(), r.passed))
            .collect();
        assert_eq!(
            names,
            [
                ("hello_answers_json", false),
                ("hello_answers_200_ok", true),
                ("hello_says_hello", false),
            ]
        );
        assert!(
            report.results[0]
                .output
                .contains("not yet implemented: build the greeting")
        );
        assert!(
            report.results[0]
                .output
                .starts_with("thread 'hello_answers_json'")
        );
        assert!(report.results[2].output.starts_with("some print"));
        assert!(report.results[2].output.ends_with("assertion failed"));
    }

    #[test]
    fn a_result_line_cut_short_is_no_result() {
        let report = parse(
            "running 1 test\ntest overflow ... \nthread 'overflow' has overflowed its stack\n",
        );
        assert!(report.results.is_empty());
    }
}
