//! `aget_or_create`: the existing row, or a new one, and never two under a race.

use std::sync::Arc;
use std::time::Duration;

use get_or_create::{Tag, get_or_create_tag};
use testkit::db::sqlx::any::AnyPoolOptions;
use testkit::db::{PoolProbe, TestDb};
use testkit::probe::PATIENCE;
use testkit::tokio::sync::Barrier;

/// Concurrent callers asking for the same new tag.
const CALLERS: usize = 50;
/// The first GATE statements are held until all GATE are in the database at once: the race
/// window between "check" and "insert" is then wide open, every time, not by luck.
const GATE: usize = 8;
/// How long the gate waits for GATE statements at once before it gives up.
const GATE_LIMIT: Duration = PATIENCE;

#[tokio::test]
async fn an_existing_tag_is_got_not_created() {
    let db = TestDb::seeded().await;
    let result = get_or_create_tag(db.pool(), "rust").await;
    let expected = Tag {
        id: 1,
        name: "rust".to_owned(),
    };
    assert!(
        matches!(&result, Ok((tag, false)) if *tag == expected),
        "the tag rust exists with id 1: expected Ok(({expected:?}, false)), got {result:?}"
    );
    assert_eq!(db.count("tags").await, 3, "no tag was added");
}

#[tokio::test]
async fn a_new_tag_is_created_once() {
    let db = TestDb::seeded().await;
    let first = get_or_create_tag(db.pool(), "sqlx").await;
    assert!(
        matches!(&first, Ok((tag, true)) if tag.name == "sqlx"),
        "a new tag is created: expected Ok((Tag {{ name: \"sqlx\", .. }}, true)), got {first:?}"
    );
    let second = get_or_create_tag(db.pool(), "sqlx").await;
    let same = matches!((&first, &second), (Ok((a, _)), Ok((b, false))) if a == b);
    assert!(
        same,
        "asking again gets the same tag, not created: first {first:?}, then {second:?}"
    );
    assert_eq!(db.count("tags").await, 4, "exactly one tag was added");
}

#[tokio::test]
async fn a_name_the_database_refuses_is_an_error() {
    let db = TestDb::seeded().await;
    let result = get_or_create_tag(db.pool(), &"x".repeat(31)).await;
    assert!(
        result.is_err(),
        "tag names are 1 to 30 characters (a CHECK constraint): 31 is an Err, got {result:?}"
    );
}

// ANCHOR: race
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_create_one_tag_and_all_get_its_id() {
    let db = TestDb::seeded().await;
    let probe = PoolProbe::with_gate(GATE, GATE_LIMIT);
    let options = AnyPoolOptions::new().max_connections(GATE as u32);
    let pool = db.connect_with(probe.install(options)).await;
    probe.arm();

    let start = Arc::new(Barrier::new(CALLERS));
    let callers = (0..CALLERS).map(|_| {
        let (pool, start) = (pool.clone(), Arc::clone(&start));
        testkit::tokio::spawn(async move {
            start.wait().await;
            get_or_create_tag(&pool, "concurrency").await
        })
    });
    let mut tags = Vec::new();
    let mut errors = Vec::new();
    for caller in testkit::futures::future::join_all(callers).await {
        match caller.expect("a caller task panicked") {
            Ok(tag_and_created) => tags.push(tag_and_created),
            Err(e) => errors.push(e.to_string()),
        }
    }

    assert!(
        errors.is_empty(),
        "{} of {CALLERS} concurrent get_or_create_tag(\"concurrency\") calls failed; the first \
         error: {}\nBetween your check (SELECT: not there) and your INSERT, another caller \
         inserted the same name: check-then-insert is a race. Insert first with ON CONFLICT \
         (name) DO NOTHING, then read the row if your INSERT created nothing.",
        errors.len(),
        errors[0],
    );
    let rows = db.count("tags").await - 3;
    let mut ids: Vec<i64> = tags.iter().map(|(tag, _)| tag.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let created = tags.iter().filter(|(_, created)| *created).count();
    assert!(
        rows == 1 && ids.len() == 1 && created == 1,
        "{CALLERS} concurrent callers for one new name should make exactly one row, all get \
         its id, and exactly one of them be told `created`: got {rows} new row(s), {} \
         different id(s), {created} caller(s) told `created`.",
        ids.len()
    );
    assert!(
        probe.gate_opened(),
        "the callers reached the database one at a time (the first waited {GATE_LIMIT:?} for \
         {} others to run a statement beside it). A lock in your code makes get-or-create \
         safe in one process only, and makes every caller wait for the others; a second \
         server would race again. Let the database decide: a UNIQUE column and \
         INSERT ... ON CONFLICT DO NOTHING.",
        GATE - 1
    );
}
// ANCHOR_END: race
