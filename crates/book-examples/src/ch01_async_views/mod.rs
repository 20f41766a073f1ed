//! Worked examples of the pages of this chapter, one file per page.
//!
//! The exercises serve a blog's articles; these examples serve a meetup's events
//! (`events.rs`), so a page can show the idea without showing the answer.

pub mod class_based_view;
pub mod detail_view;
pub mod events;
pub mod hello;
pub mod input_validation;
pub mod list_view;
