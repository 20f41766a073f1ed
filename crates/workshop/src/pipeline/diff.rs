//! A unified line diff, like `diff -u`, for showing the reference solution against the
//! learner's code. The edit script comes from `similar` (insta already compiles it for every
//! build of the course, so it costs nothing); the rendering is ours, line by line as `lines()`
//! reads them, so a missing final newline is no change worth showing.

use similar::{Algorithm, DiffOp, DiffTag};

/// The unified diff from `old` to `new` with `context` lines around each change, or `None`
/// when they are the same.
pub fn unified(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    context: usize,
) -> Option<String> {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
    // Changes closer than twice the context share a hunk, as in `diff -u`.
    let hunks = similar::group_diff_ops(ops, context);
    if hunks.is_empty() {
        return None;
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for hunk in hunks {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(first.old_range().start, last.old_range().end),
            range(first.new_range().start, last.new_range().end)
        ));
        for op in &hunk {
            render(op, &old, &new, &mut out);
        }
    }
    Some(out)
}

fn render(op: &DiffOp, old: &[&str], new: &[&str], out: &mut String) {
    let (tag, old_lines, new_lines) = op.as_tag_tuple();
    let mut push = |mark: char, lines: &[&str]| {
        for line in lines {
            out.push(mark);
            out.push_str(line);
            out.push('\n');
        }
    };
    match tag {
        DiffTag::Equal => push(' ', &old[old_lines]),
        DiffTag::Delete => push('-', &old[old_lines]),
        DiffTag::Insert => push('+', &new[new_lines]),
        DiffTag::Replace => {
            push('-', &old[old_lines]);
            push('+', &new[new_lines]);
        }
    }
}

/// A hunk header's range, `diff -u` style: the first line shown and how many (the count left
/// out when it is one; an empty range starts at the line before it).
fn range(start: usize, end: usize) -> String {
    match end - start {
        0 => format!("{start},0"),
        1 => (start + 1).to_string(),
        count => format!("{},{count}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_has_no_diff() {
        assert_eq!(unified("a\nb\n", "a\nb\n", "x", "y", 3), None);
    }

    #[test]
    fn shows_a_change_with_its_context_like_diff_u() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(old, new, "yours", "reference", 2).as_deref(),
            Some("--- yours\n+++ reference\n@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n")
        );
    }

    #[test]
    fn separate_changes_make_separate_hunks_and_additions_count_right() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\n";
        let diff = unified(old, new, "o", "n", 1).expect("differs");
        let headers: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(headers, ["@@ -1,3 +1,3 @@", "@@ -8 +8,2 @@"]);
    }

    #[test]
    fn an_empty_file_against_a_full_one() {
        let diff = unified("", "x\ny\n", "o", "n", 3).expect("differs");
        assert!(diff.contains("@@ -0,0 +1,2 @@\n+x\n+y\n"), "{diff}");
    }
}
