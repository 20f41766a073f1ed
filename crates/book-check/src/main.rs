//! The book's browser test. It renders the book with the mdBook library, opens every page
//! SUMMARY.md lists in headless Chromium, and every page's content at a phone's width
//! (`print.html`, which holds them all), and fails on a
//! missing page, a console error or failed load, a listing that did not render (an
//! `{{#include}}` left in the page, an empty or unhighlighted code block), a picture that
//! did not render, or a page wider than the window. It also searches the book through its
//! own search box, and keeps a screenshot of the first page of each chapter.
//!
//! What a reader sees is judged on `print.html` at three widths (a laptop with the sidebar
//! open, a wide screen, a phone): it fails when a side-by-side listing hides text beside its
//! partner, when a code block is clipped where no scrolling reaches, when a table is cut, when
//! more than one code block in ten scrolls sideways on the laptop, when a chart is unreadable
//! in one of mdBook's themes or its labels shrink below legibility, and when a solution reveal
//! is open before the reader has tried. It prints those counts per width.
//!
//! `cargo run -p book-check` (after `.ci/chromium.sh` on a machine without Chromium).
//! Everything it writes goes to `target/book-check/`.

mod chromium;
mod site;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Deserialize;

use chromium::{DESKTOP, PHONE, PHONE_WIDTH, WIDE, Window};

/// Words the search box must find, each on some page of the book.
const SEARCHES: [&str; 2] = ["spawn_blocking", "graceful"];

fn main() -> ExitCode {
    match run() {
        Ok(0) => ExitCode::SUCCESS,
        Ok(problems) => {
            eprintln!("book-check: FAILED, {problems} problem(s)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("book-check: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// One page load to check.
struct Job {
    page: PathBuf,
    query: Option<&'static str>,
    window: Window,
}

/// What the check script reported from inside a page.
#[derive(Debug, Deserialize)]
struct PageReport {
    heading: Option<String>,
    code_blocks: usize,
    images: usize,
    search_results: Option<usize>,
    /// Only for `print.html`, which holds every page.
    layout: Option<Layout>,
    problems: Vec<String>,
}

/// How the book's code blocks and tables fit at one width (`check.js`, `checkLayout`).
#[derive(Clone, Copy, Debug, Default, Deserialize)]
struct Layout {
    code_blocks: usize,
    /// Code blocks the reader must scroll sideways (or cannot see all of).
    scrolling: usize,
    side_by_side: usize,
    /// Side-by-side blocks shown next to their partner at this width (the others stack).
    side_by_side_beside: usize,
    /// Side-by-side blocks too narrow for their lines while shown next to their partner.
    side_by_side_hidden: usize,
    /// Code blocks clipped where no scrolling reaches.
    hidden: usize,
    tables: usize,
    cut_tables: usize,
}

/// At the laptop width, at most this share of code blocks may scroll sideways.
const MOST_SCROLLING: f64 = 0.10;

fn run() -> Result<usize> {
    let started = Instant::now();
    // Found when the check runs, so a moved checkout checks its own book.
    let root = course_model::root::find()?;
    let out = root.join("target/book-check");
    let browser = chromium::find()?;

    course_model::book::build(&root, &out.join("book"))?;
    let pages = site::pages(&root)?;
    let mut problems = Vec::new();
    for page in &pages {
        if !out.join("book").join(page).is_file() {
            problems.push(format!(
                "{}: listed in SUMMARY.md but not rendered",
                page.display()
            ));
        }
    }
    problems.extend(site::check_search_index(&out.join("book"), &pages)?);
    let site = out.join("site");
    site::instrument(&out.join("book"), &site)?;

    // `BOOK_CHECK_LAYOUT_ONLY=1`: only print.html at the three widths, no screenshots: the
    // quick loop while changing the theme's CSS or a chart.
    let layout_only = std::env::var_os("BOOK_CHECK_LAYOUT_ONLY").is_some_and(|v| v == "1");
    let mut jobs = Vec::new();
    for page in pages
        .iter()
        .filter(|p| site.join(p).is_file())
        .filter(|p| !layout_only || p.as_path() == Path::new("print.html"))
    {
        jobs.push(Job {
            page: page.clone(),
            query: None,
            window: DESKTOP,
        });
    }
    // print.html holds every page's content in the same theme: one load at each other width
    // judges every page there (the desktop load above judges them at the laptop's width).
    for window in [WIDE, PHONE] {
        jobs.push(Job {
            page: PathBuf::from("print.html"),
            query: None,
            window,
        });
    }
    for query in SEARCHES.iter().filter(|_| !layout_only) {
        jobs.push(Job {
            page: PathBuf::from("index.html"),
            query: Some(*query),
            window: DESKTOP,
        });
    }

    let reports = in_parallel(&jobs, |index, job| {
        let url = page_url(&site, &job.page, job.window, job.query)?;
        let profile = out.join(format!("profiles/{index}"));
        let loaded = chromium::load(&browser, &url, job.window, &profile);
        let _ = std::fs::remove_dir_all(&profile);
        Ok(judge(job, loaded?))
    })?;

    let (mut code_blocks, mut images) = (0, 0);
    let mut layouts = Vec::new();
    for (job, (report, page_problems)) in jobs.iter().zip(reports) {
        if let Some(report) = report {
            if job.query.is_none()
                && job.window.name == DESKTOP.name
                && job.page != Path::new("print.html")
            {
                code_blocks += report.code_blocks;
                images += report.images;
            }
            if let Some(layout) = report.layout {
                layouts.push((seen_width(job.window), layout));
            }
        }
        problems.extend(page_problems);
    }
    layouts.sort_by_key(|(width, _)| *width);
    for (width, layout) in &layouts {
        if *width == DESKTOP.width
            && layout.scrolling as f64 > MOST_SCROLLING * layout.code_blocks as f64
        {
            problems.push(format!(
                "at {width}px {} of {} code blocks scroll sideways: keep it under one in ten \
                 (a wider column, a smaller code font, or shorter lines in the listings)",
                layout.scrolling, layout.code_blocks
            ));
        }
    }
    if layouts.len() != 3 {
        problems.push(format!(
            "print.html reported its layout at {} of the 3 widths",
            layouts.len()
        ));
    }

    let shots = if layout_only {
        0
    } else {
        screenshots(&browser, &site, &pages, &out.join("screenshots"))?
    };

    for problem in &problems {
        println!("  x {problem}");
    }
    print_layouts(&layouts);
    if layout_only {
        println!(
            "book-check: layout only (BOOK_CHECK_LAYOUT_ONLY=1), print.html at {}px, {}px and \
             {PHONE_WIDTH}px; {:.0} s",
            DESKTOP.width,
            WIDE.width,
            started.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "book-check: {} pages at {}px and all of them at {}px and {PHONE_WIDTH}px, \
             {code_blocks} code blocks, {images} pictures, {} searches; {shots} screenshots in \
             target/book-check/screenshots/; {:.0} s",
            pages.len(),
            DESKTOP.width,
            WIDE.width,
            SEARCHES.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(problems.len())
}

/// The counts a reader would feel, one row per width.
fn print_layouts(layouts: &[(u32, Layout)]) {
    println!(
        "book-check: what a reader sees on every page (print.html), per width:\n  \
         {:>6}  {:>11}  {:>15}  {:>24}  {:>20}  {:>7}  {:>10}",
        "width",
        "code blocks",
        "scroll sideways",
        "side-by-side hiding text",
        "side-by-side, beside",
        "clipped",
        "cut tables"
    );
    for (width, l) in layouts {
        println!(
            "  {:>6}  {:>11}  {:>15}  {:>24}  {:>20}  {:>7}  {:>10}",
            format!("{width}px"),
            l.code_blocks,
            format!(
                "{} ({:.0}%)",
                l.scrolling,
                percent(l.scrolling, l.code_blocks)
            ),
            format!("{} of {}", l.side_by_side_hidden, l.side_by_side),
            format!("{} of {}", l.side_by_side_beside, l.side_by_side),
            l.hidden,
            format!("{} of {}", l.cut_tables, l.tables),
        );
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Turns what Chromium printed for `job` into the script's report and a list of problems.
fn judge(job: &Job, run: chromium::Run) -> (Option<PageReport>, Vec<String>) {
    let place = match job.query {
        Some(query) => format!("{} searching `{query}`", job.page.display()),
        None => format!("{} ({}px)", job.page.display(), seen_width(job.window)),
    };
    let mut problems = Vec::new();
    let mut report = None;
    let mut console = Vec::new();
    for message in &run.console {
        match message.strip_prefix("BOOK-CHECK ") {
            Some(json) => match serde_json::from_str::<PageReport>(json) {
                Ok(parsed) => report = Some(parsed),
                Err(e) => problems.push(format!("{place}: unreadable report ({e}): {json}")),
            },
            None => console.push(message),
        }
    }
    // A book page logs nothing. What the page's script already reported is said once.
    for message in console {
        let reported = report
            .as_ref()
            .is_some_and(|r| r.problems.iter().any(|p| p.contains(message.as_str())));
        if !reported {
            problems.push(format!("{place}: the console says: {message}"));
        }
    }
    if !run.success {
        problems.push(format!("{place}: Chromium exited with an error"));
    }
    match &report {
        None => problems.push(format!(
            "{place}: the page never reported back: it did not load, or its scripts stopped"
        )),
        Some(report) => {
            problems.extend(report.problems.iter().map(|p| format!("{place}: {p}")));
            if report.heading.is_none() {
                problems.push(format!("{place}: no heading, so no content"));
            }
            if let Some(query) = job.query
                && report.search_results.unwrap_or(0) == 0
            {
                problems.push(format!(
                    "the search box found nothing for `{query}`, which the book uses"
                ));
            }
        }
    }
    (report, problems)
}

/// Runs `work` on every job, a few at a time (Chromium is heavy; the machine may have two
/// cores). Results come back in the order of `jobs`.
fn in_parallel<T: Send>(
    jobs: &[Job],
    work: impl Fn(usize, &Job) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let workers = std::env::var("BOOK_CHECK_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get().min(4)));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T>>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(jobs.len()).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(index) else { break };
                    let result = work(index, job);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                }
            });
        }
    });
    let results = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a check thread panicked"))?;
    results
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err(anyhow::anyhow!("a page was never checked"))))
        .collect()
}

/// The first page of each chapter (and the introduction), at desktop and at phone width.
fn screenshots(browser: &Path, site: &Path, pages: &[PathBuf], dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir)?;
    let firsts: Vec<&PathBuf> = pages
        .iter()
        .filter(|p| p.ends_with("index.html") && p.parent().is_some_and(|d| d != Path::new("")))
        .chain(
            pages
                .iter()
                .filter(|p| p.as_path() == Path::new("introduction.html")),
        )
        .collect();
    let mut count = 0;
    for (index, page) in firsts.into_iter().enumerate() {
        let name = match page.parent().and_then(Path::file_name) {
            Some(chapter) => chapter.to_string_lossy().into_owned(),
            None => "introduction".to_owned(),
        };
        for window in [DESKTOP, PHONE] {
            let profile = site.join(format!("../profiles/shot-{index}-{}", window.name));
            let png = dir.join(format!("{name}-{}.png", window.name));
            let url = page_url(site, page, window, None)?;
            let shot = chromium::screenshot(browser, &url, window, &profile, &png);
            let _ = std::fs::remove_dir_all(&profile);
            shot?;
            count += 1;
        }
    }
    Ok(count)
}

/// The URL that shows `page` in `window`: the page itself, or the phone frame around it.
fn page_url(site: &Path, page: &Path, window: Window, query: Option<&str>) -> Result<String> {
    let query = query.map(|q| format!("?search={q}")).unwrap_or_default();
    if window.name == PHONE.name {
        let page = page.to_string_lossy().replace('\\', "/");
        Ok(format!(
            "{}?page={page}{}",
            file_url(&site.join(site::PHONE_FRAME))?,
            query.replace('?', "%3F")
        ))
    } else {
        Ok(format!("{}{query}", file_url(&site.join(page))?))
    }
}

/// The viewport width a page sees in `window`.
fn seen_width(window: Window) -> u32 {
    if window.name == PHONE.name {
        PHONE_WIDTH
    } else {
        window.width
    }
}

fn file_url(path: &Path) -> Result<String> {
    let absolute = path
        .canonicalize()
        .with_context(|| format!("finding {}", path.display()))?;
    Ok(format!("file://{}", absolute.display()))
}
