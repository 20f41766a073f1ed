//! The learner's commands: where they are (`status`: the default view, `list`, `next`), watch
//! mode, hints, reset, the reference solution, the progress file they all read and write, and
//! what follows a check of the learner's exercise, in either mode (`checked`).

pub mod checked;
pub mod hints;
pub mod progress;
pub mod reset;
pub mod solution;
pub mod status;
pub mod watch;
