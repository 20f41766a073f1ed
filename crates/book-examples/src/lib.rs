//! The book's worked examples.
//!
//! A page explains its idea on an example of its own (another resource, query or service than
//! the exercise's), beside the same example in Django (`book/django/`), and only then states
//! the task. The Rust half of each worked example lives here, so it is compiled and tested
//! like every other listing, and the page never needs `solutions/` before its reveal.
//!
//! # Layout
//! One module per chapter, one file per page under it, named after the page; each file's
//! tests show the example does what its page says.

pub mod ch01_async_views;
pub mod ch02_async_orm;
pub mod ch03_many_services;
pub mod ch04_sync_and_async;
pub mod ch05_middleware;
pub mod ch06_serving;
pub mod ch07_live;
