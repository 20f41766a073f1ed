//! The course's explanation rules (`crates/workshop/explanations.toml`) against the course.
//!
//! A rule that links a page that moved, or that an earlier rule always beats, fails silently: the
//! learner just gets a worse message. So every rule must link pages that exist and carry an
//! example (a panic message, or a diagnostic as rustc gives it in cargo's JSON) that the runner's
//! own matcher explains with that rule. The same matcher runs the examples in the runner's unit
//! tests; here they run against the file as it is on disk, which is what an instructor edits.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::explanations::{PATH, Rules};

/// Every problem with the rules file in the course at `root`.
pub fn check(root: &Path) -> Result<Vec<String>> {
    let path = root.join(PATH);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {PATH}"))?;
    let rules = match Rules::parse(&text) {
        Ok(rules) => rules,
        Err(error) => return Ok(vec![format!("{PATH} does not parse: {error}")]),
    };
    Ok(rules.problems(|page| root.join(page).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_page_is_named_with_its_rule() {
        let root = std::env::temp_dir().join(format!("explanations-verify-{}", std::process::id()));
        let file = root.join(PATH);
        fs::create_dir_all(file.parent().expect("a parent")).expect("a folder");
        fs::write(
            &file,
            "[[panic]]\nid = \"gone\"\ncontains = [\"x\"]\npage = \"book/src/gone.md\"\n\
             say = \"s\"\nexample = \"x\"\n",
        )
        .expect("write");
        let problems = check(&root).expect("checked");
        fs::write(&file, "[[panic]]\nid = ").expect("write");
        let broken = check(&root).expect("checked");
        let _ = fs::remove_dir_all(&root);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("rule `gone` links book/src/gone.md"));
        assert!(broken[0].contains("does not parse"), "{broken:#?}");
    }

    #[test]
    fn the_courses_own_rules_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let problems = check(&root).expect("checked");
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
