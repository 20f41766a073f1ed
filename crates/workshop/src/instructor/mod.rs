//! The instructor's tools: `verify` (the course is whole), `report` and `class` (a learner's
//! progress, a class's table), `bundle` (a room without network), `book` and `serve` (the
//! book, built or served), `doctor` (is this machine ready), and `authoring` (`dev new`
//! writes an exercise wired the way `verify` wants; `dev sync` copies provided code from the
//! solutions).

pub mod authoring;
pub mod book;
pub mod bundle;
pub mod class;
pub mod doctor;
pub mod report;
pub mod serve;
pub mod verify;
