//! `cargo workshop bundle DIR` refuses what would make a broken or surprising bundle. The
//! bundle itself is proved by `.ci/bundle.sh` (a copy built offline with an empty cargo home
//! passes the first exercise's tests); that compiles every dependency from nothing, so it is
//! a CI step of its own rather than part of `cargo test`.

mod support;

use support::{Spec, TempCourse};

const ANSWER_42: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";

fn course(name: &str) -> TempCourse {
    let course = TempCourse::new(name);
    course.add(&Spec {
        chapter: "01-basics",
        dir: "01-bundle",
        id: &format!("it-{name}"),
        stub: ANSWER_42,
        solution: ANSWER_42,
        tests: "#[test]\nfn answers() {}\n",
        hints: &["42."],
    });
    course
}

#[test]
fn a_course_that_is_not_its_own_git_checkout_is_refused() {
    // The temporary course sits inside this repository's target directory: git would find
    // the outer repository, whose HEAD is not this course.
    let course = course("bundle-no-git");
    let outside = course.path("../bundle-no-git-out");
    let run = course.run(&["bundle", outside.to_str().expect("a UTF-8 path")]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("is not the top of a git checkout"),
        "{}",
        run.stderr
    );
    assert!(!outside.exists(), "nothing was written");
}

#[test]
fn a_full_directory_or_one_inside_the_course_is_refused() {
    let course = course("bundle-refuses");
    course.git_init();
    course.write("../bundle-refuses-full/notes.txt", "keep me\n");
    let full = course.path("../bundle-refuses-full");
    let run = course.run(&["bundle", full.to_str().expect("a UTF-8 path")]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(full.join("notes.txt")).expect("still there"),
        "keep me\n"
    );
    std::fs::remove_dir_all(&full).expect("clean up");

    let run = course.run(&["bundle", "room"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("is inside the course"),
        "{}",
        run.stderr
    );
    assert!(!course.path("room").exists(), "nothing was written");
}
