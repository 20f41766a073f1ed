//! What follows a check of the learner's own exercise, the same after `cargo workshop check`
//! and in watch mode: the verdict with the tamper warning, the check recorded in the progress
//! file, and whether the pass counts (the tests passed, and they are the ones the course
//! shipped). Each mode then says what is next in its own words.

use anyhow::Result;

use crate::check::{self, Side, Verdict};
use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::tamper::{self, Change};
use crate::testrun::Limits;
use crate::ui;

pub struct Checked {
    /// The verdict, rendered, and the tamper warning if the shipped files were changed.
    pub text: String,
    /// The pass counts: recorded as passed, and the reference solution opens.
    pub counts: bool,
}

/// Checks the learner's exercise, and which shipped files it changed (watch mode runs this on
/// a thread of its own, then [`record`] on its loop).
pub fn check(
    course: &Course,
    exercise: &Exercise,
    limits: Limits,
) -> Result<(Verdict, Vec<Change>)> {
    let verdict = check::check(course, exercise, Side::Exercise, limits)?;
    Ok((verdict, tamper::changes(course, exercise)))
}

/// Renders the verdict and records it in `progress`. The progress file is read again first:
/// another `cargo workshop` (a check in a second terminal) may have written it since. The
/// caller saves it, after showing the verdict: a learner whose disk is full still sees it.
pub fn record(
    course: &Course,
    progress: &mut Progress,
    exercise: &Exercise,
    verdict: &Verdict,
    changes: &[Change],
) -> Checked {
    let mut text = crate::show::verdict(exercise, Side::Exercise, verdict);
    if !changes.is_empty() {
        text.push_str(&tamper::warning(course, changes));
    }
    let failure = tamper::failure_line(verdict, changes);
    progress.reload();
    progress.record(&exercise.id, failure.as_deref());
    Checked {
        text,
        counts: failure.is_none(),
    }
}

/// What to say when the exercise that just passed was the last one.
pub fn last_one() -> String {
    ui::green("That was the last one: every exercise passes.")
}
