//! A Django developer's shell often exports `DATABASE_URL` for their own project. The course's
//! tests create and drop schemas, so they must never follow that variable: only the course's
//! own `WORKSHOP_DATABASE_URL` moves them to PostgreSQL.
//!
//! A test binary of its own, with one test: it changes the process's environment, which every
//! thread of the process shares.

use testkit::db::{Backend, PROJECT_DATABASE_URL, TestDb, WORKSHOP_DATABASE_URL};

#[tokio::test]
async fn a_projects_database_url_is_left_alone() {
    // SAFETY: the only test in this binary, set before any thread of ours reads the environment.
    // (Changing the environment is `unsafe` since Rust 2024; [workspace.lints] denies it elsewhere.)
    #[allow(unsafe_code)]
    unsafe {
        std::env::remove_var(WORKSHOP_DATABASE_URL);
        // A PostgreSQL server that is not there: following it would fail to connect.
        std::env::set_var(PROJECT_DATABASE_URL, "postgres://me@127.0.0.1:1/mysite");
    }
    assert_ne!(WORKSHOP_DATABASE_URL, PROJECT_DATABASE_URL);
    assert_eq!(Backend::from_env(), Backend::Sqlite);
    let db = TestDb::seeded().await;
    assert_eq!(db.backend(), Backend::Sqlite);
    assert!(db.url().starts_with("sqlite:"), "{}", db.url());
    assert_eq!(db.count("articles").await, 5);
}
