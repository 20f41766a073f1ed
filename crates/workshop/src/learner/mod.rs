//! The learner's commands: where they are (`status`: the default view, `list`, `next`), watch
//! mode, hints, reset, the reference solution, and the progress file they all read and write.

pub mod hints;
pub mod progress;
pub mod reset;
pub mod solution;
pub mod status;
pub mod watch;
