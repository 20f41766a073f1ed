//! The course as files: its chapters and exercises (`course`), where its root is (`root`), the
//! manifest of what it shipped (`shipped`, hashed with `sha256`, dated with `git`).

pub mod course;
pub mod git;
pub mod root;
pub mod sha256;
pub mod shipped;
