//! The course as files, in one place for everything that reads it: the runner
//! (`crates/workshop`), the book's browser test (`crates/book-check`), the demos and the
//! runner's own tests.
//!
//! - [`root`]: where the course is, found from the current directory (or where cargo says).
//! - [`walk`]: the one directory walker: every file under a directory, in order.
//! - [`shipped`]: the manifest of the files the course shipped (`shipped.sha256`), hashed by
//!   [`sha256`], its commit found with [`git`].
//! - [`book`]: the book's pages, SUMMARY's order, and building it with the mdBook library.

pub mod book;
pub mod git;
pub mod root;
pub mod sha256;
pub mod shipped;
pub mod walk;
