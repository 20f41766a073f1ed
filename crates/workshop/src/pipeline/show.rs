//! Verdicts as text: the first thing on screen is the thing to read.
//!
//! Everything is rendered into a `String` rather than printed, so watch mode can clear the
//! screen and draw a whole frame at once.

use std::fmt::Write;

use crate::check::{Side, Verdict, Warning, seconds};
use crate::course::Exercise;
use crate::ui;

/// The verdict of checking `exercise`, ready to print.
pub fn verdict(exercise: &Exercise, side: Side, verdict: &Verdict) -> String {
    let mut out = String::new();
    let who = match side {
        Side::Exercise => exercise.id.clone(),
        Side::Solution => exercise.solution_package(),
    };
    // `writeln!` into a String cannot fail.
    let _ = match verdict {
        Verdict::Passed { tests, elapsed } => {
            let _ = writeln!(
                out,
                "{} {who}: all {tests} tests pass {}",
                ui::green("PASS"),
                ui::dim(&format!("({:.1} s)", elapsed.as_secs_f64()))
            );
            match &exercise.postgres_only {
                Some(what) if !on_postgres() => writeln!(out, "{}", only_on_postgres(what)),
                _ => Ok(()),
            }
        }
        Verdict::DoesNotCompile {
            diagnostics,
            explanation,
            first_error,
        } => {
            let _ = writeln!(out, "{} {who} does not compile yet.", ui::red("FAIL"));
            // On the headline's paragraph, which watch mode keeps on screen.
            if let Some(first_error) = first_error {
                let _ = writeln!(out, "  {} {first_error}", ui::bold("First error:"));
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", diagnostics.trim_end());
            // The explanation comes after rustc's text, so that it is what stays on screen.
            if let Some(explanation) = explanation {
                let _ = writeln!(out, "\n{}", ui::indent(explanation, 2));
            }
            writeln!(
                out,
                "\nFix the first error above, then check again. The compiler's first error is \
                 usually the real one; later ones often follow from it."
            )
        }
        Verdict::Failed {
            first,
            failed,
            total,
            warnings,
        } => {
            let _ = writeln!(
                out,
                "{} {who}: {failed} of {total} tests fail. First: {}",
                ui::red("FAIL"),
                ui::bold(&first.test)
            );
            write_warning_summary(&mut out, warnings);
            let _ = writeln!(out);
            write_warnings(&mut out, warnings);
            if let Some(explanation) = &first.explanation {
                let _ = writeln!(out, "{}\n", ui::indent(explanation, 2));
                if let Some(detail) = &first.detail {
                    let _ = writeln!(out, "{}\n", ui::indent(&colour_diff(detail), 2));
                }
                let _ = writeln!(out, "{}", ui::dim(&ui::indent(&first.message, 4)));
            } else {
                let _ = writeln!(out, "{}", ui::indent(&first.message, 2));
            }
            if let Some(location) = &first.location {
                let _ = writeln!(out, "{}", ui::dim(&format!("  at {location}")));
            }
            if first.earlier_panics.is_empty() {
                Ok(())
            } else {
                let _ = writeln!(
                    out,
                    "\n{}",
                    ui::dim(
                        "  Printed before it, and not what failed the test: panics the test \
                         caught on purpose, or that happened on another thread (a server, a \
                         spawned task):"
                    )
                );
                let earlier = first.earlier_panics.join("\n");
                writeln!(out, "{}", ui::dim(&ui::indent(&earlier, 4)))
            }
        }
        Verdict::TimedOut {
            hung,
            stopped,
            limits,
            passed,
            failed,
            warnings,
        } => {
            let _ = writeln!(out, "{}", timed_out_headline(&who, hung, limits));
            write_warning_summary(&mut out, warnings);
            if !warnings.is_empty() {
                let _ = writeln!(out);
            }
            write_warnings(&mut out, warnings);
            let _ = writeln!(
                out,
                "\n{}",
                ui::indent(
                    "Something waits forever. The usual causes: an `.await` on something that \
                     never completes (a channel no one sends on, a barrier too few tasks reach, \
                     a server that never answers); a lock that is never released, or held \
                     across an `.await`; a blocking call on the runtime (`std::thread::sleep`, \
                     a synchronous call, a `loop` without an `.await`) that stops every other \
                     task.",
                    2
                )
            );
            if !stopped.is_empty() {
                let _ = writeln!(
                    out,
                    "  Stopped or never started when the run's {} limit came: {}",
                    seconds(limits.whole_run),
                    stopped.join(", ")
                );
            }
            let _ = writeln!(
                out,
                "  Of the tests that finished, {passed} passed and {failed} failed."
            );
            writeln!(
                out,
                "{}",
                ui::dim(&format!(
                    "  Read {}. On a slow machine, raise the limits with --timeout SECS and \
                     --run-timeout SECS (or WORKSHOP_TEST_TIMEOUT, WORKSHOP_RUN_TIMEOUT).",
                    exercise.page.display()
                ))
            )
        }
        Verdict::Crashed { output } => {
            let _ = writeln!(
                out,
                "{} {who}: the test binary stopped without a test result. Its output:\n",
                ui::red("FAIL")
            );
            writeln!(out, "{}", ui::indent(output.trim_end(), 2))
        }
    };
    if side == Side::Exercise && !verdict.passed() {
        let _ = writeln!(
            out,
            "\n{}",
            ui::dim(&format!(
                "Hint: cargo workshop hint {}    Read: {}",
                exercise.id,
                exercise.page.display()
            ))
        );
    }
    out
}

/// The first line of a timed-out verdict: which tests hung, or that the whole run did.
fn timed_out_headline(who: &str, hung: &[String], limits: &crate::testrun::Limits) -> String {
    if hung.is_empty() {
        format!(
            "{} {who}: the tests together were still running after {} and were stopped.",
            ui::red("FAIL"),
            seconds(limits.whole_run)
        )
    } else {
        let names: Vec<String> = hung.iter().map(|n| ui::bold(n)).collect();
        format!(
            "{} {who}: {} did not finish in {} and {} stopped, with everything {} started.",
            ui::red("FAIL"),
            names.join(", "),
            seconds(limits.per_test),
            if hung.len() == 1 { "was" } else { "were" },
            if hung.len() == 1 { "it" } else { "they" },
        )
    }
}

/// The first teaching warning in one line, on the headline's paragraph (which watch mode keeps
/// on screen however long the rest is).
fn write_warning_summary(out: &mut String, warnings: &[Warning]) {
    let Some(first) = warnings.first() else {
        return;
    };
    let more = match warnings.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let _ = writeln!(
        out,
        "  {} {}{more}",
        ui::bold("The compiler warned:"),
        first.summary
    );
}

/// The compiler's teaching warnings, first, each followed by what it means in this course.
fn write_warnings(out: &mut String, warnings: &[Warning]) {
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  {}\n",
        ui::bold(
            "The compiler warned about your code, and a warning like this is often why a test \
             fails:"
        )
    );
    for warning in warnings {
        let _ = writeln!(out, "{}\n", ui::indent(&warning.rendered, 4));
        if let Some(meaning) = &warning.meaning {
            let _ = writeln!(out, "{}\n", ui::indent(meaning, 2));
        }
    }
    let _ = writeln!(out, "  {}\n", ui::dim("What the tests saw:"));
}

/// insta's diff with the expected (`-`) lines red and the actual (`+`) lines green.
fn colour_diff(diff: &str) -> String {
    diff.lines()
        .map(|line| match line.split_once('│') {
            Some((_, rest)) if rest.starts_with('-') => ui::red(line),
            Some((_, rest)) if rest.starts_with('+') => ui::green(line),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the tests ran on PostgreSQL: testkit's database variable names one, by the rule
/// testkit itself applies (`is_postgres_url` in crates/testkit/src/db/mod.rs; the runner
/// does not link testkit).
fn on_postgres() -> bool {
    std::env::var("WORKSHOP_DATABASE_URL")
        .is_ok_and(|url| url.starts_with("postgres:") || url.starts_with("postgresql:"))
}

/// What a pass on SQLite did not check, and how to check it.
fn only_on_postgres(what: &str) -> String {
    ui::indent(
        &format!(
            "On SQLite, part of this exercise is not checked: {what}. To check it all, give \
             the course a PostgreSQL database in WORKSHOP_DATABASE_URL (README, \"For \
             instructors\") and check again."
        ),
        2,
    )
}
