//! Progressive hints: each request reveals one more, and repeats the ones already seen. How
//! many a learner has seen is kept in the progress file, beside the exercise's other state.

use std::fmt::Write;

use crate::course::Exercise;
use crate::progress::Progress;
use crate::ui;

/// Reveals the next hint of `exercise` (recording it in `progress`) and renders all hints seen.
pub fn reveal(exercise: &Exercise, progress: &mut Progress) -> String {
    let total = exercise.hints.len();
    let mut out = String::new();
    if total == 0 {
        let _ = writeln!(
            out,
            "{} has no hints; its page is {}",
            exercise.id,
            exercise.page.display()
        );
        return out;
    }
    let shown = progress.reveal_hint(&exercise.id, total);
    for (number, text) in exercise.hints.iter().take(shown).enumerate() {
        let _ = writeln!(
            out,
            "{} {text}\n",
            ui::bold(&format!("Hint {}/{total}:", number + 1))
        );
    }
    let _ = if shown < total {
        writeln!(
            out,
            "{}",
            ui::dim(&format!("Ask again for hint {}.", shown + 1))
        )
    } else {
        writeln!(
            out,
            "{}",
            ui::dim(&format!(
                "That was the last hint. The page: {}",
                exercise.page.display()
            ))
        )
    };
    out
}
