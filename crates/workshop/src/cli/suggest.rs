//! "Did you mean ...?" for a mistyped command, flag or exercise ID.
//!
//! The distance is `strsim`'s (optimal string alignment: one edit is a letter added, dropped,
//! changed, or two letters swapped). `strsim` is no extra build: mdBook's templates already
//! compile it into the runner (through `darling`), with the same features.

/// The candidates within a few edits of `word`, closest first, at most three. The allowance
/// grows with the word: one edit for a short word, up to three for a long one, so `ls` does
/// not suggest `next`.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let allowed = (word.chars().count() / 3).clamp(1, 3);
    let mut near: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| (distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .collect();
    near.sort();
    near.into_iter()
        .map(|(_, candidate)| candidate)
        .take(3)
        .collect()
}

fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_or_a_swap_counts_as_one() {
        assert_eq!(distance("helo", "hello"), 1);
        assert_eq!(distance("list-veiw", "list-view"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn suggests_the_closest_few_and_nothing_far() {
        let commands = ["check", "hint", "list", "next", "reset", "report"];
        assert_eq!(closest("chek", commands), ["check"]);
        assert_eq!(closest("lsit", commands), ["list"]);
        assert_eq!(closest("repot", commands), ["report"]);
        assert_eq!(closest("rset", commands), ["reset"]);
        assert!(closest("ls", commands).is_empty());
        assert!(closest("xyzzy", commands).is_empty());
    }
}
