//! The check pipeline, one exercise at a time: build its tests (`testrun`), run each test with
//! a time limit, read libtest's output (`libtest`), explain known failures in the course's
//! terms (`diagnose`, by the rules in `explanations.toml` that `explanations` reads), decide whether the pass counts against the shipped tests (`tamper`),
//! and render the verdict (`show`, `diff`). `check` runs the steps in that order.

pub mod check;
pub mod diagnose;
pub mod diff;
pub mod explanations;
pub mod libtest;
pub mod show;
pub mod tamper;
pub mod testrun;
