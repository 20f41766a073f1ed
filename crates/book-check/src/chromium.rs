//! Driving headless Chromium from the command line: `--dump-dom` loads a page and runs its
//! scripts, `--enable-logging=stderr` prints every console message as an `INFO:CONSOLE` line,
//! and `--screenshot` saves a picture. No DevTools protocol, no websocket.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A page load gets this long before Chromium is killed.
const LIMIT: Duration = Duration::from_secs(60);

/// The browser: `$CHROMIUM` if set, else the first of the usual names found on `PATH`.
pub fn find() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "no Chromium found: run `.ci/chromium.sh` (Debian/Ubuntu) or set CHROMIUM to a \
         Chromium or Chrome binary"
    )
}

/// A browser window size.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
}

/// A laptop: at 1080 px and wider mdBook opens the sidebar, so this is the narrowest desktop
/// layout, with the sidebar taking 300 px.
pub const DESKTOP: Window = Window {
    name: "desktop",
    width: 1280,
    height: 900,
};

/// A wide desktop screen: the sidebar open and room for two listings side by side.
pub const WIDE: Window = Window {
    name: "wide",
    width: 1920,
    height: 1080,
};

/// A common phone is 390 CSS pixels wide. Headless Chromium makes no window narrower than
/// 500 px, so phone-sized checks load the page in a 390 px frame (`site::PHONE_FRAME`)
/// inside a window this size.
pub const PHONE: Window = Window {
    name: "phone",
    width: 500,
    height: 844,
};

/// The width a page sees inside the phone frame.
pub const PHONE_WIDTH: u32 = 390;

/// What Chromium printed while loading one page.
pub struct Run {
    pub success: bool,
    /// The console messages, in order.
    pub console: Vec<String>,
}

/// Loads `url` in `window` and collects its console. `profile` must be a fresh directory.
pub fn load(browser: &Path, url: &str, window: Window, profile: &Path) -> Result<Run> {
    let mut command = base_command(browser, window, profile);
    command.args([
        "--enable-logging=stderr",
        "--log-level=0",
        "--dump-dom",
        url,
    ]);
    let (success, stderr) = run(command)?;
    Ok(Run {
        success,
        console: console_messages(&stderr),
    })
}

/// Saves a screenshot of `url` in `window` to `png`.
pub fn screenshot(
    browser: &Path,
    url: &str,
    window: Window,
    profile: &Path,
    png: &Path,
) -> Result<()> {
    let mut command = base_command(browser, window, profile);
    command
        .arg("--hide-scrollbars")
        .arg(format!("--screenshot={}", png.display()))
        .arg(url);
    let (success, stderr) = run(command)?;
    if !success || !png.is_file() {
        bail!("Chromium saved no screenshot of {url}:\n{}", tail(&stderr));
    }
    Ok(())
}

fn base_command(browser: &Path, window: Window, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-gpu",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            // Enough virtual time for the page's scripts, search index and check to run.
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},{}", window.width, window.height))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Runs Chromium to the end (killing it after [`LIMIT`]); returns success and its stderr.
fn run(mut command: Command) -> Result<(bool, String)> {
    let mut child = command.spawn().context("starting Chromium")?;
    let mut stderr = child.stderr.take().context("Chromium's stderr is piped")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap_or_default();
    match status {
        Some(status) => Ok((status.success(), stderr)),
        None => bail!(
            "Chromium did not finish within {LIMIT:?}:\n{}",
            tail(&stderr)
        ),
    }
}

/// The messages of `[...:INFO:CONSOLE...] "message", source: url (line)` log lines.
pub fn console_messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .filter_map(|line| {
            let start = line.find("] \"")? + 3;
            let end = line.rfind("\", source: ").unwrap_or(line.len());
            line.get(start..end).map(str::to_owned)
        })
        .collect()
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_console_lines_and_nothing_else() {
        let stderr = "[1:1:1128/130454.669784:ERROR:dbus/bus.cc:405] Failed to connect\n\
            [1:1:1128/130455.009892:INFO:CONSOLE:1] \"BOOK-CHECK {\"a\":1}\", source: file:///p.html (1)\n\
            [1:1:1128/130455.013111:INFO:CONSOLE:1] \"Uncaught ReferenceError: x is not defined\", source: file:///p.html (1)\n";
        assert_eq!(
            console_messages(stderr),
            [
                "BOOK-CHECK {\"a\":1}",
                "Uncaught ReferenceError: x is not defined"
            ]
        );
    }
}
