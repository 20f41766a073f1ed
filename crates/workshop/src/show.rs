//! Printing verdicts: the first thing on screen is the thing to read.

use crate::check::{Side, Verdict};
use crate::course::Exercise;
use crate::diagnose;
use crate::ui;

/// Prints the verdict of checking `exercise`.
pub fn verdict(exercise: &Exercise, side: Side, verdict: &Verdict) {
    let who = match side {
        Side::Exercise => exercise.id.clone(),
        Side::Solution => exercise.solution_package(),
    };
    match verdict {
        Verdict::Passed { tests, elapsed } => {
            println!(
                "{} {who}: all {tests} tests pass {}",
                ui::green("PASS"),
                ui::dim(&format!("({:.1} s)", elapsed.as_secs_f64()))
            );
        }
        Verdict::DoesNotCompile { diagnostics } => {
            println!("{} {who} does not compile yet.\n", ui::red("FAIL"));
            if let Some(explanation) = diagnose::explain_compile(diagnostics) {
                println!("{}\n", ui::indent(&explanation, 2));
            }
            println!("{}", diagnose::reorder_compile(diagnostics).trim_end());
            println!(
                "\nFix the first error above, then check again. The compiler's first error is \
                 usually the real one; later ones often follow from it."
            );
        }
        Verdict::Failed {
            first,
            failed,
            total,
        } => {
            println!(
                "{} {who}: {failed} of {total} tests fail. First: {}\n",
                ui::red("FAIL"),
                ui::bold(&first.test)
            );
            if let Some(explanation) = &first.explanation {
                println!("{}\n", ui::indent(explanation, 2));
                println!("{}", ui::dim(&ui::indent(&first.message, 4)));
            } else {
                println!("{}", ui::indent(&first.message, 2));
            }
            if let Some(location) = &first.location {
                println!("{}", ui::dim(&format!("  at {location}")));
            }
        }
        Verdict::TimedOut { unfinished } => {
            println!(
                "{} {who}: the tests were still running after {} s and were stopped.",
                ui::red("FAIL"),
                crate::check::RUN_LIMIT.as_secs()
            );
            if !unfinished.is_empty() {
                println!("  Still running: {}", unfinished.join(", "));
            }
            println!(
                "  Usual causes: an `.await` on something that never completes (a channel no one \
                 sends on), a lock that is never released, or a blocking call that stalls the \
                 runtime."
            );
        }
        Verdict::Crashed { output } => {
            println!(
                "{} {who}: the test binary stopped without a test result. Its output:\n",
                ui::red("FAIL")
            );
            println!("{}", ui::indent(output.trim_end(), 2));
        }
    }
    if side == Side::Exercise && !verdict.passed() {
        println!(
            "\n{}",
            ui::dim(&format!(
                "Hint: cargo workshop hint {}    Read: {}",
                exercise.id,
                exercise.page.display()
            ))
        );
    }
}
