//! Key presses for watch mode, read from stdin on a thread of their own.
//!
//! In raw mode (see [`crate::terminal`]) each key arrives as it is pressed; without a terminal
//! keys arrive a line at a time (`q` then Enter), which is also how tests drive watch mode.
//! Escape sequences (arrow keys) are skipped whole, so they never count as letters.

use std::io::Read;
use std::thread;

/// Ctrl-D: the end of input at a terminal, taken as "quit".
pub const CTRL_D: char = '\u{4}';

/// Reads keys until stdin ends or `on_key` returns false. `on_end` runs when stdin ends.
pub fn spawn(
    on_key: impl Fn(char) -> bool + Send + 'static,
    on_end: impl FnOnce() + Send + 'static,
) {
    thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut decoder = Decoder::default();
        let mut byte = [0u8; 1];
        loop {
            match stdin.read(&mut byte) {
                Ok(0) | Err(_) => {
                    on_end();
                    return;
                }
                Ok(_) => {
                    if let Some(key) = decoder.push(byte[0])
                        && !on_key(key)
                    {
                        return;
                    }
                }
            }
        }
    });
}

/// Turns bytes into keys, dropping escape sequences and whitespace.
#[derive(Default)]
struct Decoder {
    state: State,
}

#[derive(Default, PartialEq, Eq)]
enum State {
    #[default]
    Normal,
    /// After ESC.
    Escape,
    /// Inside `ESC [ ...`, until its final byte.
    Sequence,
}

impl Decoder {
    fn push(&mut self, byte: u8) -> Option<char> {
        match self.state {
            State::Escape => {
                self.state = if byte == b'[' || byte == b'O' {
                    State::Sequence
                } else {
                    State::Normal
                };
                None
            }
            State::Sequence => {
                if (0x40..=0x7e).contains(&byte) {
                    self.state = State::Normal;
                }
                None
            }
            State::Normal if byte == 0x1b => {
                self.state = State::Escape;
                None
            }
            State::Normal if byte.is_ascii_whitespace() => None,
            State::Normal => Some(char::from(byte)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_and_newlines_are_not_letters() {
        let mut decoder = Decoder::default();
        let keys: String = b"h\x1b[Aq\n\x1bOBr \x04"
            .iter()
            .filter_map(|b| decoder.push(*b))
            .collect();
        assert_eq!(keys, "hqr\u{4}");
    }
}
