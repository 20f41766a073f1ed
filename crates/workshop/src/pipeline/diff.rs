//! A unified line diff, like `diff -u`, for showing the reference solution against the
//! learner's code. Longest common subsequence by dynamic programming: exercise files are a few
//! hundred lines, so the quadratic table is small.

/// Files longer than this (lines of both, multiplied) are shown as wholly replaced.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

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
    let ops = edit_script(&old, &new);
    if ops.iter().all(|op| matches!(op, Op::Same(..))) {
        return None;
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for (start, end) in hunks(&ops, context) {
        let slice = &ops[start..end];
        let old_count = slice
            .iter()
            .filter(|op| !matches!(op, Op::Added(_)))
            .count();
        let new_count = slice
            .iter()
            .filter(|op| !matches!(op, Op::Removed(_)))
            .count();
        // Where the hunk starts in each file: the first line it shows from that file.
        let (mut old_at, mut new_at) = position_before(&ops, start);
        if old_count > 0 {
            old_at += 1;
        }
        if new_count > 0 {
            new_at += 1;
        }
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_at, old_count),
            range(new_at, new_count)
        ));
        for op in slice {
            match *op {
                Op::Same(i, _) => out.push_str(&format!(" {}\n", old[i])),
                Op::Removed(i) => out.push_str(&format!("-{}\n", old[i])),
                Op::Added(j) => out.push_str(&format!("+{}\n", new[j])),
            }
        }
    }
    Some(out)
}

fn range(start: usize, count: usize) -> String {
    if count == 1 {
        start.to_string()
    } else {
        format!("{start},{count}")
    }
}

/// How many lines of each file come before `ops[index]`.
fn position_before(ops: &[Op], index: usize) -> (usize, usize) {
    let old = ops[..index]
        .iter()
        .filter(|op| !matches!(op, Op::Added(_)))
        .count();
    let new = ops[..index]
        .iter()
        .filter(|op| !matches!(op, Op::Removed(_)))
        .count();
    (old, new)
}

/// The shortest edit script from `old` to `new`, via their longest common subsequence.
fn edit_script(old: &[&str], new: &[&str]) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return (0..n)
            .map(Op::Removed)
            .chain((0..m).map(Op::Added))
            .collect();
    }
    // lcs[i][j]: the length of the LCS of old[i..] and new[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if old[i] == new[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            ops.push(Op::Removed(i));
            i += 1;
        } else {
            ops.push(Op::Added(j));
            j += 1;
        }
    }
    ops.extend((i..n).map(Op::Removed));
    ops.extend((j..m).map(Op::Added));
    ops
}

/// `(start, end)` ranges of `ops` to show: each change with `context` lines around it, and
/// changes closer than twice the context merged into one hunk.
fn hunks(ops: &[Op], context: usize) -> Vec<(usize, usize)> {
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(index, _)| index)
        .collect();
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for index in changes {
        let start = index.saturating_sub(context);
        let end = (index + context + 1).min(ops.len());
        match hunks.last_mut() {
            Some((_, last_end)) if start <= *last_end => *last_end = end,
            _ => hunks.push((start, end)),
        }
    }
    hunks
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
