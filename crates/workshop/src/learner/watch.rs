//! Watch mode: `cargo workshop` in a terminal. It re-checks the current exercise on every
//! save, shows progress per chapter, and on a pass offers the next exercise and the reference
//! solution. Keys: `h` next hint, `l` list, `r` re-run, `n` next exercise, `s` solution, `q` quit.
//!
//! Everything arrives as an [`Event`] on one channel (saves from [`crate::filewatch`], keys from
//! [`crate::keys`], verdicts from a checking thread), so the loop is a plain state machine and
//! a check never blocks the keys: `q` during a check stops it at once.
//!
//! Without a terminal (`cargo workshop watch` from a script or an editor's task runner) the
//! same loop runs in plain mode: no escape codes, no screen clearing, keys a line at a time.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::Instant;

use anyhow::Result;

use crate::check::Verdict;
use crate::checked::{self, Checked};
use crate::children;
use crate::course::{Course, Exercise};
use crate::filewatch::FileWatcher;
use crate::keys::{self, CTRL_D};
use crate::progress::Progress;
use crate::tamper::Change;
use crate::terminal::RawMode;
use crate::testrun::Limits;
use crate::{hints, solution, status, ui};

enum Event {
    Saved(Vec<PathBuf>),
    Key(char),
    /// stdin ended: no more keys (plain mode goes on watching until Ctrl-C).
    KeysEnded,
    /// The result of check number `.0`.
    Checked(u64, Result<(Verdict, Vec<Change>)>),
}

pub struct Options {
    /// A person at a terminal: raw keys, a redrawn screen.
    pub interactive: bool,
    pub limits: Limits,
}

struct Watch {
    course: Arc<Course>,
    progress: Progress,
    exercise: String,
    options: Options,
    events: Sender<Event>,
    watcher: FileWatcher,
    /// The number of the latest check started; older results are ignored.
    generation: u64,
    checking: bool,
    /// A save (or `r`) came during a check: check again when it ends.
    again: bool,
    started_at: Instant,
    /// The last verdict, rendered.
    verdict: String,
    passed: bool,
    /// What the last key asked for: hints, the list, the solution.
    extra: Option<String>,
}

/// Runs watch mode on `start` (default: the current exercise) until `q`.
pub fn run(course: Course, start: Option<&str>, options: Options) -> Result<ExitCode> {
    let progress = Progress::load(&course.root);
    let exercise = match start {
        Some(id) => course.find(id)?.id.clone(),
        None => match status::current(&course, &progress) {
            Some(exercise) => exercise.id.clone(),
            None => {
                print!("{}", status::status(&course, &progress));
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let course = Arc::new(course);
    let mut options = options;
    let raw = if options.interactive {
        RawMode::enter()
    } else {
        None
    };
    if options.interactive && raw.is_none() {
        // No `stty` (Windows): the same loop with keys a line at a time still works.
        options.interactive = false;
        println!("(Single-key input is not available here: type a key, then Enter.)");
    }

    let (events, receiver) = mpsc::channel();
    let dir = course.path(&course.find(&exercise)?.dir);
    let saves = events.clone();
    let watcher = FileWatcher::spawn(dir, move |paths| saves.send(Event::Saved(paths)).is_ok());
    let key_events = events.clone();
    let end_events = events.clone();
    keys::spawn(
        move |key| key_events.send(Event::Key(key)).is_ok(),
        move || {
            let _ = end_events.send(Event::KeysEnded);
        },
    );

    let mut watch = Watch {
        course,
        progress,
        exercise,
        options,
        events,
        watcher,
        generation: 0,
        checking: false,
        again: false,
        started_at: Instant::now(),
        verdict: String::new(),
        passed: false,
        extra: None,
    };
    if !watch.options.interactive {
        print!("{}", status::progress_bars(&watch.course, &watch.progress));
    }
    watch.start_check("starting");
    while let Ok(event) = receiver.recv() {
        if !watch.handle(event)? {
            break;
        }
    }
    // Quitting mid-check: stop the build or the tests it started.
    children::kill_all();
    drop(raw);
    if watch.options.interactive {
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

impl Watch {
    fn exercise(&self) -> &Exercise {
        self.course
            .find(&self.exercise)
            .expect("the watched exercise is in the course")
    }

    /// Handles one event; false means quit.
    fn handle(&mut self, event: Event) -> Result<bool> {
        match event {
            Event::Saved(paths) => {
                let names: Vec<String> = paths
                    .iter()
                    .map(|p| {
                        p.strip_prefix(&self.course.root)
                            .unwrap_or(p)
                            .display()
                            .to_string()
                    })
                    .collect();
                self.extra = None;
                self.start_check(&format!("saved {}", names.join(", ")));
            }
            Event::Key(key) => return self.key(key),
            Event::KeysEnded => {}
            Event::Checked(generation, result) if generation == self.generation => {
                self.checking = false;
                self.finish_check(result)?;
                if std::mem::take(&mut self.again) {
                    self.start_check("saved during the last check");
                } else {
                    self.draw();
                }
            }
            Event::Checked(..) => {}
        }
        Ok(true)
    }

    fn key(&mut self, key: char) -> Result<bool> {
        match key.to_ascii_lowercase() {
            'q' | CTRL_D => return Ok(false),
            'h' => {
                self.progress.reload();
                let course = Arc::clone(&self.course);
                let exercise = course.find(&self.exercise)?;
                let text = hints::reveal(exercise, &mut self.progress);
                self.progress.save()?;
                self.show_extra(text);
            }
            'l' => {
                self.progress.reload();
                let text = status::list(&self.course, &self.progress);
                self.show_extra(text);
            }
            'r' => {
                self.extra = None;
                self.start_check("re-run");
            }
            'n' if self.passed => {
                self.progress.reload();
                match status::current(&self.course, &self.progress) {
                    Some(next) => {
                        self.exercise = next.id.clone();
                        self.watcher.watch(self.course.path(&next.dir));
                        self.extra = None;
                        self.passed = false;
                        self.start_check("next exercise");
                    }
                    None => self.show_extra(format!(
                        "{}\n",
                        ui::green("That was the last one: every exercise passes.")
                    )),
                }
            }
            's' => {
                self.progress.reload();
                let text = if solution::opens(&self.progress, self.exercise()) {
                    solution::render(&self.course, self.exercise())?
                } else {
                    format!("{}\n", solution::locked(self.exercise()))
                };
                self.show_extra(text);
            }
            _ => {}
        }
        Ok(true)
    }

    fn show_extra(&mut self, text: String) {
        if self.options.interactive {
            self.extra = Some(text);
            self.draw();
        } else {
            print!("{text}");
            flush();
        }
    }

    /// Starts checking the watched exercise on a thread; its verdict comes back as an event.
    fn start_check(&mut self, why: &str) {
        if self.checking {
            self.again = true;
            return;
        }
        self.checking = true;
        self.generation += 1;
        self.started_at = Instant::now();
        let line = format!("[{why}] checking {} ...", self.exercise);
        if self.options.interactive {
            println!("\n{}", ui::dim(&line));
        } else {
            println!("\n{line}");
        }
        flush();
        let course = Arc::clone(&self.course);
        let id = self.exercise.clone();
        let generation = self.generation;
        let limits = self.options.limits;
        let events = self.events.clone();
        thread::spawn(move || {
            let result = course
                .find(&id)
                .and_then(|exercise| checked::check(&course, exercise, limits));
            let _ = events.send(Event::Checked(generation, result));
        });
    }

    fn finish_check(&mut self, result: Result<(Verdict, Vec<Change>)>) -> Result<()> {
        let (verdict, changes) = match result {
            Ok(done) => done,
            Err(error) => {
                self.verdict = format!("{} {error:#}\n", ui::red("error:"));
                self.passed = false;
                return Ok(());
            }
        };
        let exercise = self.course.find(&self.exercise)?;
        let Checked { mut text, counts } = checked::record(
            &self.course,
            &mut self.progress,
            exercise,
            &verdict,
            &changes,
        );
        self.progress.save()?;
        if counts {
            text.push('\n');
            match status::current(&self.course, &self.progress) {
                Some(next) => text.push_str(&format!(
                    "{} Press {} for the next exercise, {}, or {} to compare yours with the \
                     reference solution.\n",
                    ui::green("Well done!"),
                    ui::bold("n"),
                    next.id,
                    ui::bold("s")
                )),
                None => text.push_str(&format!(
                    "{} That was the last one. Press {} to compare yours with the reference \
                     solution.\n",
                    ui::green("Well done!"),
                    ui::bold("s")
                )),
            }
        }
        self.passed = counts;
        self.verdict = text;
        Ok(())
    }

    /// Draws the whole screen (terminal), or prints the latest verdict (plain).
    fn draw(&self) {
        let exercise = self.exercise();
        let keys = if self.passed {
            "n next exercise  s solution  h hint  l list  r re-run  q quit"
        } else {
            "h hint  l list  r re-run  q quit"
        };
        let mut head = String::new();
        if self.options.interactive {
            head.push_str(&status::progress_bars(&self.course, &self.progress));
            head.push_str(&format!(
                "\nWatching {} ({}): edit {}\n\n",
                ui::bold(&exercise.id),
                exercise.title,
                exercise.files_to_edit()
            ));
        }
        let mut body = self.verdict.clone();
        if let Some(extra) = &self.extra {
            body.push('\n');
            body.push_str(extra);
        }
        let tail = format!("\n{}\n", ui::dim(keys));
        let frame = match terminal_size().filter(|_| self.options.interactive) {
            Some((rows, columns)) => fit(&head, &body, &tail, rows, columns),
            None => format!("{head}{body}{tail}"),
        };
        if self.options.interactive {
            // Clear the screen and its scrollback, then draw from the top left. Raw mode keeps
            // output processing, so `\n` still starts a new line.
            print!("\x1b[2J\x1b[3J\x1b[H{frame}");
        } else {
            print!("{frame}");
        }
        flush();
    }
}

fn flush() {
    let _ = std::io::stdout().flush();
}

/// The terminal's size, (rows, columns), if stdin is a terminal that says.
fn terminal_size() -> Option<(usize, usize)> {
    let output = std::process::Command::new("stty")
        .arg("size")
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(|n| n.parse().ok());
    Some((numbers.next()??, numbers.next()??))
}

/// How many screen rows `line` takes on a terminal `columns` wide (long lines wrap).
fn screen_rows(line: &str, columns: usize) -> usize {
    let mut visible: usize = 0;
    let mut in_escape = false;
    for c in line.chars() {
        match c {
            '\x1b' => in_escape = true,
            'm' if in_escape => in_escape = false,
            _ if in_escape => {}
            _ => visible += 1,
        }
    }
    visible.div_ceil(columns.max(1)).max(1)
}

/// The frame cut to `rows` screen lines, so that nothing that matters scrolls off the top:
/// the head (progress, what is watched), the verdict's headline, the end of the body (where
/// the explanation is) and the keys stay; lines from the middle of the body give way, and a
/// line says how many were left out.
fn fit(head: &str, body: &str, tail: &str, rows: usize, columns: usize) -> String {
    let height = |text: &str| -> usize { text.lines().map(|l| screen_rows(l, columns)).sum() };
    let lines: Vec<&str> = body.lines().collect();
    // One line to say what was cut, one for the cursor after the last line.
    let room = rows.saturating_sub(height(head) + height(tail) + 2);
    if lines.is_empty() || height(body) <= room + 1 || room < 4 {
        return format!("{head}{body}{tail}");
    }
    // The verdict's headline: its first line, or its first paragraph when that is short (a
    // build that failed says which error is the first on the line after it).
    let top = match lines.iter().position(|l| l.trim().is_empty()) {
        Some(blank) if (1..=2).contains(&blank) => blank,
        _ => 1,
    };
    let (first, rest) = lines.split_at(top);
    let first = first.join("\n");
    // The headline, then as much of the end as fits.
    let mut left = room.saturating_sub(height(&first));
    let mut kept = 0;
    for line in rest.iter().rev() {
        let needed = screen_rows(line, columns);
        if needed > left {
            break;
        }
        left -= needed;
        kept += 1;
    }
    let cut = rest.len() - kept;
    let mut frame = String::from(head);
    frame.push_str(&first);
    frame.push('\n');
    frame.push_str(&ui::dim(&format!(
        "  ... {cut} lines left out to fit the screen (`cargo workshop check` shows them all)"
    )));
    frame.push('\n');
    for line in &rest[rest.len() - kept..] {
        frame.push_str(line);
        frame.push('\n');
    }
    frame.push_str(tail);
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tall_verdict_keeps_its_first_line_and_its_end() {
        let body: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let frame = fit("head\n", &body, "\nkeys\n", 20, 80);
        assert!(frame.lines().count() <= 20, "{frame}");
        assert!(frame.starts_with("head\nline 0\n"), "{frame}");
        assert!(frame.contains("line 99\n"), "{frame}");
        assert!(frame.contains("lines left out"), "{frame}");
        assert!(frame.ends_with("keys\n"), "{frame}");
    }

    #[test]
    fn long_lines_count_as_the_rows_they_wrap_to() {
        assert_eq!(screen_rows("\x1b[31mFAIL\x1b[0m", 80), 1);
        assert_eq!(screen_rows(&"x".repeat(200), 80), 3);
        let body: String = (0..10).map(|_| format!("{}\n", "y".repeat(200))).collect();
        let frame = fit(
            "head\n",
            &format!("first\n{body}last\n"),
            "\nkeys\n",
            20,
            80,
        );
        let rows: usize = frame.lines().map(|l| screen_rows(l, 80)).sum();
        assert!(rows <= 20, "{rows} rows:\n{frame}");
        assert!(
            frame.contains("first\n") && frame.contains("last\n"),
            "{frame}"
        );
    }

    #[test]
    fn a_two_line_headline_stays_whole() {
        let body = format!(
            "FAIL x does not compile yet.\n  First error: E0277 at src/lib.rs:4\n\n{}explained\n",
            "rustc\n".repeat(40)
        );
        let frame = fit("head\n", &body, "\nkeys\n", 20, 80);
        assert!(frame.lines().count() <= 20, "{frame}");
        assert!(
            frame.contains("does not compile yet.\n  First error: E0277"),
            "{frame}"
        );
        assert!(frame.contains("explained"), "{frame}");
    }

    #[test]
    fn a_verdict_that_fits_is_left_alone() {
        let frame = fit("head\n", "one\ntwo\n", "\nkeys\n", 20, 80);
        assert_eq!(frame, "head\none\ntwo\n\nkeys\n");
    }
}
