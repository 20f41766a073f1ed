//! An equality check whose failure leads with the test's own sentence.
//!
//! `assert_eq!` with a message opens with "assertion `left == right` failed", so the line the
//! learner reads first says nothing about the exercise; the sentence and the two values follow
//! as `left:`/`right:` dumps. [`check_eq!`](crate::check_eq) puts the sentence first and then
//! names the values in plain words: what the test got, what it expected.

/// Asserts `got == expected`; on failure panics with the message, then `got:` and `expected:`.
///
/// ```text
/// check_eq!(eve.next(PATIENCE).await, Ok(WsMessage::text("hi")), "eve gets {what} back");
/// ```
///
/// Each side is evaluated once, as with `assert_eq!`, so an `.await` can be passed directly.
#[macro_export]
macro_rules! check_eq {
    ($got:expr, $expected:expr, $($message:tt)+) => {
        match (&$got, &$expected) {
            (got, expected) => {
                if !(*got == *expected) {
                    ::std::panic!(
                        "{}\n  got:      {:?}\n  expected: {:?}",
                        ::std::format_args!($($message)+),
                        got,
                        expected,
                    );
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sentence_comes_first_then_got_and_expected() {
        let panic = std::panic::catch_unwind(|| check_eq!(1 + 1, 3, "two is not {}", "three"))
            .expect_err("1 + 1 is not 3");
        let message = panic.downcast_ref::<String>().expect("a formatted message");
        assert!(
            message == "two is not three\n  got:      2\n  expected: 3",
            "{message}"
        );
    }

    #[test]
    fn equal_values_pass() {
        check_eq!("a".to_string(), "a", "a string equals its slice");
    }
}
