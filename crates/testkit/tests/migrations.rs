//! The schema exists in three places: testkit's migrations (every chapter-2 test database), and
//! the `pool-and-migrations` exercise and its solution, which embed their own copy because
//! embedding migrations in the crate is that exercise's lesson. The solution's copy must stay
//! the schema the rest of the chapter is tested on.

use std::fs;
use std::path::Path;

#[test]
fn the_pool_and_migrations_solution_embeds_testkits_schema() {
    let root = testkit::workspace_root();
    let solution = root.join("solutions/02-async-orm/01-pool-and-migrations/migrations");
    for backend in ["sqlite", "postgres"] {
        let ours = root.join("crates/testkit/migrations").join(backend);
        let mut names: Vec<_> = fs::read_dir(&ours)
            .unwrap_or_else(|e| panic!("reading {}: {e}", ours.display()))
            .map(|entry| entry.expect("a directory entry").file_name())
            .collect();
        names.sort();
        assert!(!names.is_empty(), "{} holds no migration", ours.display());
        for name in names {
            let read = |dir: &Path| {
                fs::read_to_string(dir.join(&name))
                    .unwrap_or_else(|e| panic!("reading {}: {e}", dir.join(&name).display()))
            };
            assert!(
                read(&ours) == read(&solution.join(backend)),
                "{backend}/{} differs between crates/testkit/migrations and the \
                 pool-and-migrations solution: change both, or the chapter's tests describe a \
                 schema the exercise does not build",
                name.to_string_lossy()
            );
        }
    }
}
