//! The course as the runner sees it: its chapters and exercises (`course`). The files below it
//! (the root, the walker, the shipped manifest, the book's pages) are the `course-model`
//! crate's, shared with the book check and the runner's tests.

pub mod course;
