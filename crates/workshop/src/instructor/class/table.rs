//! The class as one table: a row per learner, a column per exercise, and a summary per
//! exercise of where the class is stuck. Rendered as Markdown (for an issue, a wiki or a
//! terminal) and as one self-contained HTML page (inline style and SVG, no script, nothing
//! fetched), so it can be mailed or opened from a USB stick.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::read::{Entry, LearnerReport, Skipped, Status};
use crate::report::xml;

/// The class, ready to render.
pub struct Table {
    pub course: String,
    pub generated_at: String,
    /// Exercise IDs in reading order.
    pub exercises: Vec<String>,
    pub learners: Vec<Learner>,
    pub stuck: Vec<ExerciseSummary>,
    pub skipped: Vec<Skipped>,
}

pub struct Learner {
    pub name: String,
    pub file: String,
    /// By exercise ID; an exercise missing from the learner's report is not started.
    pub cells: BTreeMap<String, Entry>,
    pub passed: usize,
}

/// One exercise across the class.
pub struct ExerciseSummary {
    pub id: String,
    pub passed: usize,
    pub failing: usize,
    pub not_started: usize,
    /// Learners for whom this is the first exercise not yet passed: where they are now.
    pub here_now: usize,
    pub median_attempts_to_pass: Option<u32>,
    pub median_time_to_pass: Option<u64>,
    /// The failure most learners who fail it see, and how many see it.
    pub common_failure: Option<(String, usize)>,
}

impl Table {
    /// `order` is the course's exercises in reading order; exercises only the reports know
    /// (a learner on an older copy of the course) follow in the order they first appear.
    pub fn build(
        course: &str,
        order: &[String],
        reports: Vec<LearnerReport>,
        skipped: Vec<Skipped>,
        generated_at: String,
    ) -> Table {
        let mut exercises: Vec<String> = order.to_vec();
        for report in &reports {
            for entry in &report.exercises {
                if !exercises.contains(&entry.id) {
                    exercises.push(entry.id.clone());
                }
            }
        }
        let mut learners: Vec<Learner> = reports
            .into_iter()
            .map(|report| {
                let cells: BTreeMap<String, Entry> = report
                    .exercises
                    .into_iter()
                    .map(|entry| (entry.id.clone(), entry))
                    .collect();
                let passed = cells
                    .values()
                    .filter(|e| e.status == Status::Passed)
                    .count();
                Learner {
                    name: report.learner,
                    file: report.file,
                    cells,
                    passed,
                }
            })
            .collect();
        learners.sort_by_key(|learner| learner.name.to_lowercase());
        let stuck = exercises
            .iter()
            .map(|id| summarize(id, &exercises, &learners))
            .collect();
        Table {
            course: course.to_owned(),
            generated_at,
            exercises,
            learners,
            stuck,
            skipped,
        }
    }

    /// The exercises most learners are at now, most first (ties in reading order).
    pub fn frontier(&self) -> Vec<&ExerciseSummary> {
        let mut at: Vec<&ExerciseSummary> = self.stuck.iter().filter(|s| s.here_now > 0).collect();
        at.sort_by_key(|summary| std::cmp::Reverse(summary.here_now));
        at
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Class report: {}\n", md(&self.course));
        let _ = writeln!(
            out,
            "{} learners, {} exercises, made {}.\n",
            self.learners.len(),
            self.exercises.len(),
            self.generated_at
        );
        out.push_str("## Where the class is stuck\n\n");
        out.push_str(&md(&self.headline()));
        out.push_str("\n\n");
        out.push_str(
            "| exercise | here now | passed | failing | not started | attempts to pass \
             (median) | time to pass (median) | most common failure |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for s in &self.stuck {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                s.id.replace('`', "'"),
                s.here_now,
                s.passed,
                s.failing,
                s.not_started,
                s.median_attempts_to_pass
                    .map_or("".into(), |n| n.to_string()),
                s.median_time_to_pass.map_or("".into(), duration),
                s.common_failure
                    .as_ref()
                    .map_or(String::new(), |(line, n)| format!("{} ({n})", md(line))),
            );
        }
        out.push_str("\n## Learners\n\n");
        out.push_str(
            "Each cell: ✓ passed (attempts, time from the first check to the first pass), \
             ✗ failing (attempts), · not started.\n\n",
        );
        out.push_str("| learner | passed |");
        for id in &self.exercises {
            let _ = write!(out, " `{}` |", id.replace('`', "'"));
        }
        out.push_str("\n|---|---:|");
        out.push_str(&"---|".repeat(self.exercises.len()));
        out.push('\n');
        for learner in &self.learners {
            let _ = write!(
                out,
                "| {} | {}/{} |",
                md(&learner.name),
                learner.passed,
                self.exercises.len()
            );
            for id in &self.exercises {
                let _ = write!(out, " {} |", cell_text(learner.cells.get(id)));
            }
            out.push('\n');
        }
        if !self.skipped.is_empty() {
            out.push_str("\n## Files skipped\n\n");
            for skipped in &self.skipped {
                let _ = writeln!(out, "- `{}`: {}", skipped.file, md(&skipped.reason));
            }
        }
        out
    }

    pub fn html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Class report: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>Class report: {title}</h1>\n<p>{} learners, {} exercises, made {}.</p>\n",
            self.learners.len(),
            self.exercises.len(),
            xml(&self.generated_at),
            title = xml(&self.course),
        );
        out.push_str("<h2>Where the class is stuck</h2>\n");
        let _ = writeln!(out, "<p>{}</p>", xml(&self.headline()).replace('`', ""));
        out.push_str(&self.chart());
        out.push_str("<h2>Learners</h2>\n<p>Each cell: ✓ passed (attempts, time from the first check to the first pass), ✗ failing (attempts), · not started.</p>\n");
        out.push_str("<div class=\"scroll\"><table>\n<thead><tr><th>learner</th><th>passed</th>");
        for id in &self.exercises {
            let _ = write!(out, "<th class=\"ex\"><span>{}</span></th>", xml(id));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for learner in &self.learners {
            let _ = write!(
                out,
                "<tr><th title=\"{}\">{}</th><td>{}/{}</td>",
                xml(&learner.file),
                xml(&learner.name),
                learner.passed,
                self.exercises.len()
            );
            for id in &self.exercises {
                let entry = learner.cells.get(id);
                let (class, title) = match entry {
                    Some(e) if e.status == Status::Passed => ("passed", String::new()),
                    Some(e) if e.status == Status::Failing => {
                        ("failing", e.last_failure.clone().unwrap_or_default())
                    }
                    _ => ("not-started", String::new()),
                };
                let _ = write!(
                    out,
                    "<td class=\"{class}\" title=\"{}\">{}</td>",
                    xml(&title),
                    xml(&cell_text(entry))
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
        if !self.skipped.is_empty() {
            out.push_str("<h2>Files skipped</h2>\n<ul>\n");
            for skipped in &self.skipped {
                let _ = writeln!(
                    out,
                    "<li><code>{}</code>: {}</li>",
                    xml(&skipped.file),
                    xml(&skipped.reason)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// One sentence: where most learners are.
    fn headline(&self) -> String {
        let total = self.learners.len();
        match self.frontier().first() {
            None if total == 0 => "No learners.".to_owned(),
            None => "Every learner has passed every exercise.".to_owned(),
            Some(top) => {
                let mut text = format!(
                    "Most learners are at `{}` ({} of {total}): the first exercise they have \
                     not passed.",
                    top.id, top.here_now
                );
                if let Some((line, n)) = &top.common_failure {
                    let _ = write!(text, " The failure {n} of them see: \"{line}\".");
                }
                text
            }
        }
    }

    /// A stacked bar per exercise (passed, failing, not started), with how many learners are
    /// at it now: inline SVG, readable without colour (the counts are written out).
    fn chart(&self) -> String {
        const ROW: usize = 22;
        const LABEL: usize = 230;
        const BAR: usize = 300;
        const WIDTH: usize = LABEL + BAR + 150;
        let total = self.learners.len().max(1);
        let height = ROW * self.stuck.len() + 30;
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" \
             viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\">\n\
             <title>Per exercise: learners who passed, are failing, have not started</title>\n"
        );
        for (row, s) in self.stuck.iter().enumerate() {
            let y = row * ROW + 4;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                LABEL - 8,
                y + 13,
                xml(&s.id)
            );
            let mut x = LABEL;
            for (count, class, what) in [
                (s.passed, "passed", "passed"),
                (s.failing, "failing", "failing"),
                (s.not_started, "not-started", "not started"),
            ] {
                let width = count * BAR / total;
                if width > 0 {
                    let _ = write!(
                        svg,
                        "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{width}\" \
                         height=\"{}\"><title>{count} {what}</title></rect>",
                        ROW - 6
                    );
                }
                x += width;
            }
            let here = if s.here_now > 0 {
                format!(", {} here now", s.here_now)
            } else {
                String::new()
            };
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\">{}✓ {}✗{here}</text>",
                LABEL + BAR + 8,
                y + 13,
                s.passed,
                s.failing
            );
        }
        let legend_y = ROW * self.stuck.len() + 20;
        let _ = writeln!(
            svg,
            "<text x=\"{LABEL}\" y=\"{legend_y}\"><tspan class=\"passed-text\">■ passed</tspan> \
             <tspan class=\"failing-text\">■ failing</tspan> \
             <tspan class=\"not-started-text\">■ not started</tspan></text>\n</svg>"
        );
        svg
    }
}

fn summarize(id: &str, order: &[String], learners: &[Learner]) -> ExerciseSummary {
    let mut summary = ExerciseSummary {
        id: id.to_owned(),
        passed: 0,
        failing: 0,
        not_started: 0,
        here_now: 0,
        median_attempts_to_pass: None,
        median_time_to_pass: None,
        common_failure: None,
    };
    let mut attempts = Vec::new();
    let mut times = Vec::new();
    let mut failures: BTreeMap<&str, usize> = BTreeMap::new();
    for learner in learners {
        let entry = learner.cells.get(id);
        match entry.map(|e| e.status) {
            Some(Status::Passed) => {
                summary.passed += 1;
                let entry = entry.expect("matched Some");
                attempts.push(entry.attempts);
                times.extend(entry.time_to_pass_seconds);
            }
            Some(Status::Failing) => {
                summary.failing += 1;
                if let Some(line) = entry.and_then(|e| e.last_failure.as_deref()) {
                    *failures.entry(line).or_default() += 1;
                }
            }
            _ => summary.not_started += 1,
        }
        let first_not_passed = order.iter().find(|other| {
            learner
                .cells
                .get(*other)
                .is_none_or(|e| e.status != Status::Passed)
        });
        if first_not_passed.is_some_and(|first| first == id) {
            summary.here_now += 1;
        }
    }
    summary.median_attempts_to_pass = median(&mut attempts);
    summary.median_time_to_pass = median(&mut times);
    summary.common_failure = failures
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(line, n)| (line.to_owned(), n));
    summary
}

/// The middle value (the lower of the two middle ones for an even count).
fn median<T: Ord + Copy>(values: &mut [T]) -> Option<T> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

fn cell_text(entry: Option<&Entry>) -> String {
    match entry {
        Some(e) if e.status == Status::Passed => match e.time_to_pass_seconds {
            Some(seconds) => format!("✓ {}, {}", e.attempts, duration(seconds)),
            None => format!("✓ {}", e.attempts),
        },
        Some(e) if e.status == Status::Failing => format!("✗ {}", e.attempts),
        _ => "·".to_owned(),
    }
}

/// `42s`, `7m`, `1h05m`, `2d03h`: short enough for a table cell.
pub fn duration(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h{:02}m", s / 3600, s / 60 % 60),
        s => format!("{}d{:02}h", s / 86_400, s / 3600 % 24),
    }
}

/// Text safe in a Markdown table cell: no column breaks, no line breaks, no raw HTML.
fn md(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}\
table{border-collapse:collapse;font-size:.85rem}\
th,td{border:1px solid #ddd;padding:.2rem .4rem;white-space:nowrap}\
th.ex{vertical-align:bottom;height:9rem}\
th.ex span{writing-mode:vertical-rl;transform:rotate(180deg)}\
.scroll{overflow-x:auto}\
td.passed{background:#e3f4e1}td.failing{background:#fbe3e1}td.not-started{color:#999}\
svg.chart{max-width:100%;height:auto;font-size:12px}\
rect.passed{fill:#3c9a3c}rect.failing{fill:#d9534f}rect.not-started{fill:#ccc}\
.passed-text{fill:#3c9a3c}.failing-text{fill:#d9534f}.not-started-text{fill:#999}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fit_a_cell() {
        assert_eq!(duration(42), "42s");
        assert_eq!(duration(7 * 60 + 5), "7m");
        assert_eq!(duration(3600 + 5 * 60), "1h05m");
        assert_eq!(duration(2 * 86_400 + 3 * 3600), "2d03h");
    }

    #[test]
    fn medians_take_the_lower_middle() {
        assert_eq!(median::<u32>(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md("a|b\n<i>"), "a\\|b &lt;i&gt;");
    }
}
