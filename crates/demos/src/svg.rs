//! Small SVG charts drawn from measurements: timelines, bar charts and series.
//!
//! Hand-written SVG keeps the dependency tree small and the output diffable. Every chart is
//! sized by a `viewBox` 480 units wide, so it scales to the page and stays legible on a phone
//! (its smallest text, 13 units, is still 9 px in a 340 px column).
//!
//! The book shows charts as pictures in every mdBook theme, light and dark. So a chart has no
//! background of its own and draws its text and axes in `currentColor` (black in a picture);
//! the book's CSS inverts pictures on the dark themes. Bars and lines use a palette that reads
//! both ways, and a label on a bar takes black or white, whichever stands out from that bar.
//!
//! Axes have rounded ticks (1, 2, 2.5 or 5 times a power of ten), start at zero and name
//! their unit; series have a marker at every measured point.

use std::fmt::Write;

/// The width every chart is drawn at, in `viewBox` units.
const WIDTH: f64 = 480.0;
const FONT: &str = "font-family=\"sans-serif\"";
/// Labels, legends and group titles.
const TEXT_SIZE: f64 = 14.0;
/// Tick labels: the smallest text of a chart.
const TICK_SIZE: f64 = 13.0;
const TITLE_SIZE: f64 = 15.0;
/// A rough width of one character of sans-serif text, as a share of its size.
const CHAR_WIDTH: f64 = 0.56;
/// How much wider bold text runs.
const BOLD: f64 = 1.1;
/// Mid-dark colours: white text on them reads, and so does black text on their inverse.
const PALETTE: [&str; 6] = [
    "#2f6ca3", "#b5530c", "#347a2f", "#b3303a", "#2b7772", "#7d4f8f",
];
/// Series with more markers than this get smaller ones.
const MANY_MARKERS: usize = 60;

/// A colour from a small palette that reads well on light and dark themes.
pub fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// One horizontal bar of a timeline: `label`, from `start` to `end` (milliseconds).
#[derive(Clone, Debug)]
pub struct Span {
    pub lane: String,
    pub label: String,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// A timeline: one lane per row, bars on a shared millisecond axis. Use it for
/// "sequential vs concurrent" pictures: each group of spans is a chart of its own lanes.
pub fn timeline(title: &str, groups: &[(&str, Vec<Span>)]) -> String {
    let lane_height = 24.0;
    let lanes_width = groups
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| text_width(&s.lane, TEXT_SIZE)))
        .fold(0.0, f64::max);
    let left = 10.0 + lanes_width + 8.0;
    let right = 20.0;
    let max_ms = groups
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| s.end_ms))
        .fold(1.0_f64, f64::max);
    let scale = Scale::new(max_ms);
    let to_x = |ms: f64| left + ms / scale.max * (WIDTH - left - right);
    let (mut body, mut y) = heading(title);
    for (group_index, (group, spans)) in groups.iter().enumerate() {
        bold_lines(&mut body, group, TEXT_SIZE, &mut y);
        y += 6.0;
        let mut lanes: Vec<&str> = Vec::new();
        for span in spans {
            if !lanes.contains(&span.lane.as_str()) {
                lanes.push(&span.lane);
            }
        }
        for (lane_index, lane) in lanes.iter().enumerate() {
            let top = y + lane_index as f64 * lane_height;
            let _ = writeln!(
                body,
                "<text x=\"10\" y=\"{:.1}\" font-size=\"{TEXT_SIZE}\">{}</text>",
                top + 16.0,
                escape(lane)
            );
            for span in spans.iter().filter(|s| s.lane == *lane) {
                let x = to_x(span.start_ms);
                let w = (to_x(span.end_ms) - x).max(1.0);
                let fill = colour(group_index);
                let _ = writeln!(
                    body,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" \
                     fill=\"{fill}\" rx=\"3\"><title>{}: {:.0}–{:.0} ms</title></rect>",
                    top + 2.0,
                    lane_height - 4.0,
                    escape(&span.label),
                    span.start_ms,
                    span.end_ms
                );
                // Inside the bar when it fits, else just after it.
                let fits = text_width(&span.label, TEXT_SIZE) + 8.0 <= w;
                let (label_x, ink) = if fits {
                    (x + 4.0, ink_on(fill))
                } else {
                    (x + w + 4.0, "currentColor")
                };
                let _ = writeln!(
                    body,
                    "<text x=\"{label_x:.1}\" y=\"{:.1}\" font-size=\"{TEXT_SIZE}\" \
                     fill=\"{ink}\">{}</text>",
                    top + 16.0,
                    escape(&span.label)
                );
            }
        }
        y += lanes.len() as f64 * lane_height + 8.0;
    }
    let (axis_svg, bottom) = x_axis(left, WIDTH - right, y + 4.0, &scale, "time (ms)");
    body.push_str(&axis_svg);
    frame(title, bottom + 8.0, &body)
}

/// One bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown after the bar, such as "3.02 s" or "1,840 req/s".
    pub annotation: String,
}

/// Horizontal bars on a shared axis starting at zero, each with its label above it (so long
/// labels need no column of their own on a phone) and its annotation after it. `unit` names
/// the axis, such as "ms" or "requests per second".
pub fn bar_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    let (left, bar_height) = (10.0, 22.0);
    let right = bars
        .iter()
        .map(|b| text_width(&b.annotation, TEXT_SIZE))
        .fold(0.0, f64::max)
        + 16.0;
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(f64::MIN_POSITIVE, f64::max);
    let scale = Scale::new(max);
    let to_x = |v: f64| left + v / scale.max * (WIDTH - left - right);
    let (mut body, mut y) = heading(title);
    for (index, bar) in bars.iter().enumerate() {
        y += TEXT_SIZE + 8.0;
        let _ = writeln!(
            body,
            "<text x=\"{left}\" y=\"{y:.1}\" font-size=\"{TEXT_SIZE}\">{}</text>",
            escape(&bar.label)
        );
        let top = y + 4.0;
        let w = (to_x(bar.value) - left).max(1.0);
        let _ = writeln!(
            body,
            "<rect x=\"{left}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{bar_height}\" \
             fill=\"{}\" rx=\"3\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{TEXT_SIZE}\">{}</text>",
            colour(index),
            left + w + 6.0,
            top + 16.0,
            escape(&bar.annotation)
        );
        y = top + bar_height;
    }
    let (axis_svg, bottom) = x_axis(left, WIDTH - right, y + 8.0, &scale, unit);
    body.push_str(&axis_svg);
    frame(title, bottom + 8.0, &body)
}

/// A series of points, such as a heartbeat's gap at each tick.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    /// `(x, y)` points of the line; x grows.
    pub points: Vec<(f64, f64)>,
    /// The measured points, each drawn as a marker: usually `points` itself, but a line may
    /// join more points than were measured (a sawtooth between ticks).
    pub markers: Vec<(f64, f64)>,
}

/// Line chart of several series sharing both axes (both start at zero). `x_title` and
/// `y_title` name what each axis measures, with its unit: "concurrent clients",
/// "requests per second", "time (ms)".
pub fn line_chart(title: &str, x_title: &str, y_title: &str, series: &[Series]) -> String {
    let (mut body, mut y) = heading(title);
    // The legend: one entry per line, so it fits a phone.
    for (index, s) in series.iter().enumerate() {
        y += TEXT_SIZE + 6.0;
        let _ = writeln!(
            body,
            "<rect x=\"10\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{c}\"/>\
             <circle cx=\"17\" cy=\"{:.1}\" r=\"3.5\" fill=\"{c}\"/>\
             <text x=\"30\" y=\"{y:.1}\" font-size=\"{TEXT_SIZE}\">{}</text>",
            y - 7.0,
            y - 5.0,
            escape(&s.label),
            c = colour(index),
        );
    }
    let max_x = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(f64::MIN_POSITIVE, f64::max);
    let max_y = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(f64::MIN_POSITIVE, f64::max);
    let (sx, sy) = (Scale::new(max_x), Scale::new(max_y));
    // The y axis's title above it, then the plot.
    y += TEXT_SIZE + 14.0;
    let _ = writeln!(
        body,
        "<text x=\"10\" y=\"{y:.1}\" font-size=\"{TEXT_SIZE}\" font-weight=\"bold\">↑ {}</text>",
        escape(y_title)
    );
    let top = y + 12.0;
    let plot_height = 170.0;
    let bottom = top + plot_height;
    let left = 10.0
        + sy.ticks()
            .iter()
            .map(|t| text_width(&sy.label(*t), TICK_SIZE))
            .fold(0.0, f64::max)
        + 8.0;
    let right = 20.0;
    let to_x = |x: f64| left + x / sx.max * (WIDTH - left - right);
    let to_y = |v: f64| bottom - v / sy.max * plot_height;
    for tick in sy.ticks() {
        let _ = writeln!(
            body,
            "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" \
             stroke=\"currentColor\" stroke-opacity=\"{}\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{TICK_SIZE}\" text-anchor=\"end\">{}</text>",
            WIDTH - right,
            if tick == 0.0 { "0.6" } else { "0.15" },
            left - 6.0,
            to_y(tick) + 4.5,
            sy.label(tick),
            y = to_y(tick),
        );
    }
    for (index, s) in series.iter().enumerate() {
        let points: Vec<String> = s
            .points
            .iter()
            .map(|(x, v)| format!("{:.1},{:.1}", to_x(*x), to_y(*v)))
            .collect();
        let _ = writeln!(
            body,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
            colour(index),
            points.join(" ")
        );
        let radius = if s.markers.len() > MANY_MARKERS {
            2.0
        } else {
            3.5
        };
        for (x, v) in &s.markers {
            let _ = writeln!(
                body,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius}\" fill=\"{}\"/>",
                to_x(*x),
                to_y(*v),
                colour(index),
            );
        }
    }
    let (axis_svg, end) = x_axis(left, WIDTH - right, bottom, &sx, x_title);
    body.push_str(&axis_svg);
    frame(title, end + 8.0, &body)
}

/// An axis from zero to a round number past the data, in at most five round steps.
struct Scale {
    step: f64,
    max: f64,
}

impl Scale {
    fn new(data_max: f64) -> Scale {
        let data_max = if data_max > 0.0 { data_max } else { 1.0 };
        let raw = data_max / 5.0;
        let magnitude = 10_f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|step| *step >= raw)
            .unwrap_or(10.0 * magnitude);
        Scale {
            step,
            // Less a hair, so 0.6 in steps of 0.2 is three steps, not four.
            max: (data_max / step - 1e-9).ceil() * step,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        let count = (self.max / self.step).round() as usize;
        (0..=count).map(|i| i as f64 * self.step).collect()
    }

    /// A tick's number with as many decimals as the step needs.
    fn label(&self, value: f64) -> String {
        let decimals = if self.step.fract() == 0.0 {
            0
        } else if (self.step * 10.0).fract() == 0.0 {
            1
        } else {
            2
        };
        format!("{value:.decimals$}")
    }
}

/// A horizontal axis at `y` from `from_x` (zero) to `to_x` (`scale.max`), its ticks, and its
/// title under them. Returns the SVG and the y where it ends.
fn x_axis(from_x: f64, to_x: f64, y: f64, scale: &Scale, title: &str) -> (String, f64) {
    let mut out = format!(
        "<line x1=\"{from_x:.1}\" y1=\"{y:.1}\" x2=\"{to_x:.1}\" y2=\"{y:.1}\" \
         stroke=\"currentColor\" stroke-opacity=\"0.6\"/>\n"
    );
    for tick in scale.ticks() {
        let x = from_x + (to_x - from_x) * tick / scale.max;
        let anchor = if tick == 0.0 { "start" } else { "middle" };
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.6\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{TICK_SIZE}\" \
             text-anchor=\"{anchor}\">{}</text>",
            y + 4.0,
            y + 18.0,
            scale.label(tick)
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{TEXT_SIZE}\" text-anchor=\"middle\" \
         font-weight=\"bold\">{} →</text>",
        (from_x + to_x) / 2.0,
        y + 38.0,
        escape(title)
    );
    (out, y + 38.0)
}

/// The title, wrapped to the chart's width; returns the SVG and the y of its last line.
fn heading(title: &str) -> (String, f64) {
    let mut out = String::new();
    let mut y = 4.0;
    bold_lines(&mut out, title, TITLE_SIZE, &mut y);
    (out, y + 4.0)
}

/// `text` in bold at `size`, wrapped to the chart's width, one line below `y` after another;
/// leaves `y` at the last line.
fn bold_lines(out: &mut String, text: &str, size: f64, y: &mut f64) {
    for line in wrap(text, WIDTH - 20.0, size * BOLD) {
        *y += size + 4.0;
        let _ = writeln!(
            out,
            "<text x=\"10\" y=\"{:.1}\" font-size=\"{size}\" font-weight=\"bold\">{}</text>",
            *y,
            escape(&line)
        );
    }
}

fn frame(title: &str, height: f64, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         role=\"img\" aria-label=\"{title}\">\n\
         <title>{title}</title>\n\
         <g fill=\"currentColor\" {FONT}>\n\
         {body}</g>\n</svg>\n",
        title = escape(title)
    )
}

/// Roughly how wide `text` is at `size`.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_WIDTH
}

/// `text` in lines of at most `width` at `size`, broken between words.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let most = (width / (size * CHAR_WIDTH)).floor().max(1.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= most => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Black or white, whichever stands out more from `fill` (a `#rrggbb` colour).
fn ink_on(fill: &str) -> &'static str {
    let channel = |i: usize| {
        let v = u8::from_str_radix(fill.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with white is 1.05 / (L + 0.05); with black, (L + 0.05) / 0.05.
    if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 {
        "#fff"
    } else {
        "#000"
    }
}

/// Escapes text for SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        for (max, step, top) in [
            (309.0, 100.0, 400.0),
            (400.5, 100.0, 500.0),
            (19970.0, 5000.0, 20000.0),
            (7.3, 2.0, 8.0),
            (0.9, 0.2, 1.0),
            (0.6, 0.2, 0.6),
        ] {
            let scale = Scale::new(max);
            assert!(
                (scale.step - step).abs() < 1e-9 && (scale.max - top).abs() < 1e-9,
                "for {max}: a step of {} up to {}",
                scale.step,
                scale.max
            );
        }
        assert_eq!(Scale::new(1.2).label(0.25), "0.25");
        assert_eq!(Scale::new(309.0).label(200.0), "200");
    }

    #[test]
    fn a_chart_has_no_background_and_draws_in_the_page_colour() {
        let svg = bar_chart(
            "t",
            "ms",
            &[Bar {
                label: "a".into(),
                value: 1.0,
                annotation: "1 ms".into(),
            }],
        );
        assert!(!svg.contains("#fff\"/>"), "{svg}");
        assert!(!svg.contains("width=\"100%\""), "{svg}");
        assert!(svg.contains("fill=\"currentColor\""), "{svg}");
    }

    #[test]
    fn long_titles_wrap_between_words() {
        let lines = wrap(
            "one two three four",
            9.0 * TITLE_SIZE * CHAR_WIDTH,
            TITLE_SIZE,
        );
        assert_eq!(lines, ["one two", "three", "four"]);
    }

    #[test]
    fn labels_on_bars_take_the_ink_that_stands_out() {
        assert_eq!(ink_on("#2f6ca3"), "#fff");
        assert_eq!(ink_on("#f0e060"), "#000");
    }

    #[test]
    fn a_timeline_is_one_svg_with_a_bar_per_span() {
        let spans = vec![
            Span {
                lane: "news".into(),
                label: "news".into(),
                start_ms: 0.0,
                end_ms: 100.0,
            },
            Span {
                lane: "weather".into(),
                label: "weather".into(),
                start_ms: 100.0,
                end_ms: 200.0,
            },
        ];
        let svg = timeline("Sequential", &[("one after another", spans)]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<rect x=").count(), 2, "{svg}");
    }

    /// Browsers refuse to draw an SVG with a repeated attribute (it is not well-formed XML),
    /// and an `<img>` of it shows nothing.
    #[test]
    fn no_element_repeats_an_attribute() {
        let bar = Bar {
            label: "a".into(),
            value: 1.0,
            annotation: "1".into(),
        };
        let series = Series {
            label: "s".into(),
            points: vec![(0.0, 1.0), (1.0, 2.0)],
            markers: vec![(0.0, 1.0), (1.0, 2.0)],
        };
        let span = Span {
            lane: "l".into(),
            label: "x".into(),
            start_ms: 0.0,
            end_ms: 1.0,
        };
        for svg in [
            bar_chart("t", "ms", &[bar]),
            line_chart("t", "x", "y", &[series]),
            timeline("t", &[("g", vec![span])]),
        ] {
            for tag in svg.split('<').skip(1) {
                let tag = tag.split('>').next().unwrap_or("");
                let mut names: Vec<&str> = tag
                    .split_whitespace()
                    .skip(1)
                    .filter_map(|attribute| attribute.split_once('=').map(|(name, _)| name))
                    .collect();
                let count = names.len();
                names.sort_unstable();
                names.dedup();
                assert_eq!(names.len(), count, "a repeated attribute in <{tag}>");
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        let svg = bar_chart(
            "a < b & c",
            "ms",
            &[Bar {
                label: "<x>".into(),
                value: 1.0,
                annotation: "1".into(),
            }],
        );
        assert!(svg.contains("a &lt; b &amp; c"));
        assert!(svg.contains("&lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }
}
