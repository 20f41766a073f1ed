//! Watch mode and interruption, driven through pipes and through a real pseudo-terminal.

mod support;

use std::io::{Read, Write};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use support::{KillOnDrop, Spec, TempCourse, process_is_gone};

const TODO: &str =
    "/// The answer.\npub fn answer() -> u32 {\n    // TODO: answer 42\n    todo!(\"answer\")\n}\n";
const DONE: &str = "/// The answer.\npub fn answer() -> u32 {\n    42\n}\n";

fn spec<'a>(id: &'a str, dir: &'a str, tests: &'a str) -> Spec<'a> {
    Spec {
        chapter: "01-basics",
        dir,
        id,
        stub: TODO,
        solution: DONE,
        tests,
        hints: &["The answer is a number.", "It is 42."],
    }
}

fn tests_for(lib: &str) -> String {
    format!("#[test]\nfn answers_42() {{\n    assert_eq!({lib}::answer(), 42);\n}}\n")
}

/// Everything a child process printed so far, collected on a thread.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<String>>);

impl Screen {
    fn collect(&self, mut from: impl Read + Send + 'static) {
        let screen = self.clone();
        thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = from.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                screen
                    .text()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
    }

    fn text(&self) -> std::sync::MutexGuard<'_, String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn count(&self, needle: &str) -> usize {
        self.text().matches(needle).count()
    }

    /// Waits until `needle` has appeared `times` times in total.
    #[track_caller]
    fn wait_for(&self, needle: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.count(needle) < times {
            assert!(
                Instant::now() < deadline,
                "waited 120 s for {needle:?} (x{times}); the screen so far:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

#[track_caller]
fn wait_for_exit(child: &mut Child, screen: &Screen) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status.code();
        }
        if Instant::now() > deadline {
            panic!("the runner did not exit; its screen:\n{}", screen.text());
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn watch_without_a_terminal_rechecks_on_save_and_takes_keys_by_line() {
    let course = TempCourse::new("watch-plain");
    let tests = tests_for("it_watch_plain");
    let spec = spec("it-watch-plain", "01-watch-plain", &tests);
    course.add(&spec);

    let mut child = KillOnDrop(
        course
            .command(&["watch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("watch starts"),
    );
    let screen = Screen::default();
    screen.collect(child.stdout.take().expect("stdout"));
    let mut keys = child.stdin.take().expect("stdin");

    screen.wait_for("FAIL it-watch-plain", 1);
    screen.wait_for("h hint  l list  r re-run  q quit", 1);

    // Editor leftovers do not trigger a check.
    let checks = screen.count("] checking it-watch-plain");
    course.write("exercises/01-basics/01-watch-plain/src/.lib.rs.swp", "swap");
    course.write("exercises/01-basics/01-watch-plain/src/lib.rs~", "backup");
    thread::sleep(Duration::from_millis(600));
    assert_eq!(
        screen.count("] checking it-watch-plain"),
        checks,
        "{}",
        screen.text()
    );

    // A save does.
    course.write(&course.stub_path(&spec), DONE);
    screen.wait_for(
        "[saved exercises/01-basics/01-watch-plain/src/lib.rs] checking",
        1,
    );
    screen.wait_for("PASS it-watch-plain", 1);
    screen.wait_for("Well done!", 1);

    keys.write_all(b"h\n").expect("key");
    screen.wait_for("Hint 1/2: The answer is a number.", 1);
    keys.write_all(b"h\n").expect("key");
    screen.wait_for("Hint 2/2: It is 42.", 1);
    keys.write_all(b"s\n").expect("key");
    screen.wait_for("Your code is the same as the reference solution.", 1);
    keys.write_all(b"r\n").expect("key");
    screen.wait_for("PASS it-watch-plain", 2);
    keys.write_all(b"q\n").expect("key");
    assert_eq!(wait_for_exit(&mut child, &screen), Some(0));

    let text = screen.text();
    assert!(
        !text.contains('\u{1b}'),
        "an escape code without a terminal:\n{text}"
    );
    drop(text);
    course
        .run(&["list"])
        .assert_stdout_has("done     it-watch-plain");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_hung_check_and_leaves_nothing_behind() {
    let course = TempCourse::new("interrupt");
    let tests = r#"
#[tokio::test]
async fn waits_forever() {
    let pid_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pids");
    let helper = std::process::Command::new("sleep").arg("300").spawn().expect("sleep starts");
    std::fs::write(pid_file, format!("{} {}", std::process::id(), helper.id())).expect("pids");
    std::future::pending::<()>().await
}
"#;
    course.add(&spec("it-interrupt", "01-interrupt", tests));
    let mut child = KillOnDrop(
        course
            .command(&["check", "it-interrupt", "--timeout", "120"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("check starts"),
    );
    let pid_file = course.path("exercises/01-basics/01-interrupt/pids");
    let deadline = Instant::now() + Duration::from_secs(120);
    let pids = loop {
        if let Ok(text) = std::fs::read_to_string(&pid_file)
            && text.split_whitespace().count() == 2
        {
            break text;
        }
        assert!(Instant::now() < deadline, "the hung test never started");
        thread::sleep(Duration::from_millis(20));
    };
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert_eq!(wait_for_exit(&mut child, &Screen::default()), Some(130));
    for pid in pids.split_whitespace() {
        let pid: u32 = pid.parse().expect("pid");
        let deadline = Instant::now() + Duration::from_secs(5);
        while !process_is_gone(pid) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        assert!(
            process_is_gone(pid),
            "process {pid} outlived Ctrl-C: {}",
            std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default()
        );
    }
}

// A real pseudo-terminal needs libc calls that std does not wrap: the only `unsafe` of the
// runner's tests ([workspace.lints] denies it elsewhere).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod terminal {
    use super::*;
    use std::fs::{File, OpenOptions};
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::os::unix::process::CommandExt;

    /// A pseudo-terminal: the master side (our keyboard and screen) and the path of the slave.
    fn open_pty() -> (File, String) {
        // SAFETY: plain libc calls on a descriptor we own; the buffer outlives the call.
        unsafe {
            let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(master >= 0, "posix_openpt");
            assert_eq!(libc::grantpt(master), 0, "grantpt");
            assert_eq!(libc::unlockpt(master), 0, "unlockpt");
            let mut name = [0 as libc::c_char; 256];
            assert_eq!(
                libc::ptsname_r(master, name.as_mut_ptr(), name.len()),
                0,
                "ptsname_r"
            );
            let name = std::ffi::CStr::from_ptr(name.as_ptr())
                .to_string_lossy()
                .into_owned();
            (File::from_raw_fd(master), name)
        }
    }

    /// Whether the terminal is in its normal, line-by-line, echoing mode.
    fn cooked(terminal: &File) -> bool {
        // SAFETY: tcgetattr fills the struct we own.
        unsafe {
            let mut settings: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(terminal.as_raw_fd(), &mut settings), 0);
            settings.c_lflag & libc::ICANON != 0 && settings.c_lflag & libc::ECHO != 0
        }
    }

    /// Gives the terminal a size, as a terminal window does (a fresh pseudo-terminal has none).
    fn set_size(terminal: &File, rows: u16, columns: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads the struct we own.
        let done = unsafe { libc::ioctl(terminal.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(done, 0, "TIOCSWINSZ");
    }

    /// Starts the runner with no arguments on a fresh terminal, as its session's terminal.
    fn start(course: &TempCourse, args: &[&str]) -> (KillOnDrop, File, File, Screen) {
        start_sized(course, args, None)
    }

    /// As `start`, on a terminal of `size` (rows, columns) if given.
    fn start_sized(
        course: &TempCourse,
        args: &[&str],
        size: Option<(u16, u16)>,
    ) -> (KillOnDrop, File, File, Screen) {
        let (master, slave_path) = open_pty();
        if let Some((rows, columns)) = size {
            set_size(&master, rows, columns);
        }
        let slave = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&slave_path)
            .expect("open the terminal");
        let mut command = course.command(args);
        command
            .stdin(slave.try_clone().expect("fd"))
            .stdout(slave.try_clone().expect("fd"))
            .stderr(slave.try_clone().expect("fd"));
        // SAFETY: setsid and ioctl are async-signal-safe; they make the terminal the
        // runner's controlling terminal, so Ctrl-C typed on it reaches the runner.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        assert!(cooked(&slave), "a fresh terminal starts cooked");
        let child = KillOnDrop(command.spawn().expect("the runner starts"));
        let screen = Screen::default();
        screen.collect(master.try_clone().expect("fd"));
        (child, master, slave, screen)
    }

    #[test]
    fn watch_mode_in_a_terminal_redraws_rechecks_and_restores_the_terminal() {
        let course = TempCourse::new("watch-pty");
        let tests = tests_for("it_watch_pty");
        let spec = spec("it-watch-pty", "01-watch-pty", &tests);
        course.add(&spec);

        let (mut child, mut keys, terminal, screen) = start(&course, &[]);
        screen.wait_for("Watching it-watch-pty", 1);
        screen.wait_for("FAIL it-watch-pty", 1);
        screen.wait_for("1. Basics", 1);
        assert!(screen.count("\u{1b}[2J") >= 1, "the screen is redrawn");
        assert!(!cooked(&terminal), "keys arrive one at a time");

        // One key, no Enter: a hint.
        keys.write_all(b"h").expect("key");
        screen.wait_for("Hint 1/2: The answer is a number.", 1);

        // A save re-checks.
        course.write(&course.stub_path(&spec), DONE);
        screen.wait_for("PASS it-watch-pty", 1);
        screen.wait_for("n next exercise  s solution", 1);

        keys.write_all(b"l").expect("key");
        screen.wait_for("done     it-watch-pty", 1);
        keys.write_all(b"q").expect("key");
        assert_eq!(wait_for_exit(&mut child, &screen), Some(0));
        assert!(cooked(&terminal), "q restores the terminal");

        // Ctrl-C restores it too. (The exercise passes now, so name it: with nothing left to
        // do, `cargo workshop` only shows the status.)
        let (mut child, mut keys, terminal, screen) = start(&course, &["watch", "it-watch-pty"]);
        screen.wait_for("PASS it-watch-pty", 1);
        assert!(!cooked(&terminal));
        keys.write_all(b"\x03").expect("Ctrl-C");
        assert_eq!(wait_for_exit(&mut child, &screen), Some(130));
        assert!(cooked(&terminal), "Ctrl-C restores the terminal");
    }

    #[test]
    fn a_compile_error_on_a_small_terminal_keeps_the_headline_and_the_explanation_on_screen() {
        let course = TempCourse::new("watch-small");
        let tests = tests_for("it_watch_small");
        let mut spec = spec("it-watch-small", "01-watch-small", &tests);
        // rustc's error for this is longer than the screen: the rule's explanation follows it.
        spec.stub = "/// The answer.\npub fn answer() -> u32 {\n    let shared = std::rc::Rc::new(42);\n    \
                     std::thread::spawn(move || *shared).join().unwrap_or(0)\n}\n";
        course.add(&spec);

        let (rows, columns) = (24_u16, 80_u16);
        let (_child, mut keys, _terminal, screen) =
            start_sized(&course, &[], Some((rows, columns)));
        let (rows, columns) = (usize::from(rows), usize::from(columns));
        screen.wait_for("must stay on the thread that created it", 1);
        // The frame is drawn whole; its last line is the keys.
        screen.wait_for("h hint  l list  r re-run  q quit", 1);
        let text = screen.text().clone();
        let frame = text.rsplit("\u{1b}[2J").next().unwrap_or_default();
        for needle in [
            "FAIL it-watch-small does not compile yet.",
            "First error: E0277 at exercises/01-basics/01-watch-small/src/lib.rs:4: `Rc<",
            "cannot be sent between threads safely",
            "must stay on the thread that created it",
            "lines left out to fit the screen",
        ] {
            assert!(
                frame.contains(needle),
                "`{needle}` is not on screen:\n{frame}"
            );
        }
        let at = |needle: &str| frame.find(needle).unwrap_or(usize::MAX);
        assert!(
            at("does not compile yet") < at("lines left out")
                && at("lines left out") < at("must stay on the thread"),
            "the headline first, then what was cut, then the explanation:\n{frame}"
        );
        // Every line fits the window: nothing scrolled off the top (80 columns, no wrapping
        // of the lines that matter here).
        let height = frame
            .trim_start_matches("\u{1b}[3J\u{1b}[H")
            .lines()
            .map(|line| 1 + strip_escapes(line).chars().count().saturating_sub(1) / columns)
            .sum::<usize>();
        assert!(
            height <= rows,
            "{height} rows on a {rows}-row screen:\n{frame}"
        );
        keys.write_all(b"q").expect("key");
    }

    /// `line` without terminal escapes (colours, cursor moves).
    fn strip_escapes(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
