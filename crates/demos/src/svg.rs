//! Small SVG charts drawn from measurements: timelines, bar charts and series.
//!
//! Hand-written SVG keeps the dependency tree small and the output diffable. Every chart is
//! sized by a `viewBox`, so it scales to the page (and to a phone) without blurring.

use std::fmt::Write;

const FONT: &str = "font-family=\"sans-serif\" font-size=\"12\"";
const PALETTE: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
];

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
    let width = 720.0;
    let left = 150.0;
    let right = 20.0;
    let lane_height = 24.0;
    let max_ms = groups
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| s.end_ms))
        .fold(1.0_f64, f64::max);
    let scale = (width - left - right) / max_ms;
    let mut body = String::new();
    let mut y = 40.0;
    for (group_index, (group, spans)) in groups.iter().enumerate() {
        let _ = writeln!(
            body,
            "<text x=\"10\" y=\"{y}\" {FONT} font-weight=\"bold\">{}</text>",
            escape(group)
        );
        y += 10.0;
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
                "<text x=\"10\" y=\"{:.1}\" {FONT}>{}</text>",
                top + 16.0,
                escape(lane)
            );
            for span in spans.iter().filter(|s| s.lane == *lane) {
                let x = left + span.start_ms * scale;
                let w = ((span.end_ms - span.start_ms) * scale).max(1.0);
                let _ = writeln!(
                    body,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" \
                     fill=\"{}\" rx=\"3\"><title>{}: {:.0}–{:.0} ms</title></rect>",
                    top + 3.0,
                    lane_height - 6.0,
                    colour(group_index),
                    escape(&span.label),
                    span.start_ms,
                    span.end_ms
                );
                let _ = writeln!(
                    body,
                    "<text x=\"{:.1}\" y=\"{:.1}\" {FONT} fill=\"#fff\">{}</text>",
                    x + 4.0,
                    top + 16.0,
                    escape(&span.label)
                );
            }
        }
        y += lanes.len() as f64 * lane_height + 24.0;
    }
    let axis_y = y - 10.0;
    body.push_str(&axis(left, width - right, axis_y, max_ms, "ms"));
    frame(title, width, axis_y + 30.0, &body)
}

/// One bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown after the bar, such as "3.02 s" or "1,840 req/s".
    pub annotation: String,
}

/// Horizontal bars on a shared axis starting at zero.
pub fn bar_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    let width = 720.0;
    let left = 220.0;
    let right = 110.0;
    let bar_height = 26.0;
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(f64::MIN_POSITIVE, f64::max);
    let scale = (width - left - right) / max;
    let mut body = String::new();
    for (index, bar) in bars.iter().enumerate() {
        let top = 40.0 + index as f64 * (bar_height + 8.0);
        let w = (bar.value * scale).max(1.0);
        let _ = writeln!(
            body,
            "<text x=\"10\" y=\"{:.1}\" {FONT}>{}</text>\n\
             <rect x=\"{left}\" y=\"{top:.1}\" width=\"{w:.1}\" height=\"{bar_height}\" \
             fill=\"{}\" rx=\"3\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" {FONT}>{}</text>",
            top + 17.0,
            escape(&bar.label),
            colour(index),
            left + w + 6.0,
            top + 17.0,
            escape(&bar.annotation)
        );
    }
    let axis_y = 40.0 + bars.len() as f64 * (bar_height + 8.0) + 6.0;
    body.push_str(&axis(left, width - right, axis_y, max, unit));
    frame(title, width, axis_y + 30.0, &body)
}

/// A series of points, such as a heartbeat's gap at each tick.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    /// `(x, y)` points; x grows.
    pub points: Vec<(f64, f64)>,
}

/// Line chart of several series sharing both axes (both start at zero).
pub fn line_chart(title: &str, x_unit: &str, y_unit: &str, series: &[Series]) -> String {
    let width = 720.0;
    let height = 320.0;
    // Room for the legend under the title, the y label on the left, the last x label right.
    let (left, right, top, bottom) = (80.0, 60.0, 60.0, 50.0);
    let max_x = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(f64::MIN_POSITIVE, f64::max);
    let max_y = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(f64::MIN_POSITIVE, f64::max);
    let sx = (width - left - right) / max_x;
    let sy = (height - top - bottom) / max_y;
    let mut body = String::new();
    for (index, s) in series.iter().enumerate() {
        let points: Vec<String> = s
            .points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", left + x * sx, height - bottom - y * sy))
            .collect();
        let _ = writeln!(
            body,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
            colour(index),
            points.join(" ")
        );
        let _ = writeln!(
            body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" {FONT}>{}</text>",
            left + 10.0 + index as f64 * 220.0,
            top - 22.0,
            colour(index),
            left + 28.0 + index as f64 * 220.0,
            top - 12.0,
            escape(&s.label)
        );
    }
    body.push_str(&axis(left, width - right, height - bottom, max_x, x_unit));
    let _ = writeln!(
        body,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{:.1}\" stroke=\"#888\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" {FONT} text-anchor=\"end\">{}</text>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" {FONT} text-anchor=\"end\">0</text>",
        height - bottom,
        left - 6.0,
        top + 4.0,
        escape(&format!("{} {y_unit}", round(max_y))),
        left - 6.0,
        height - bottom
    );
    frame(title, width, height, &body)
}

fn axis(from_x: f64, to_x: f64, y: f64, max: f64, unit: &str) -> String {
    let mut out = format!(
        "<line x1=\"{from_x}\" y1=\"{y:.1}\" x2=\"{to_x}\" y2=\"{y:.1}\" stroke=\"#888\"/>\n"
    );
    for step in 0..=4 {
        let value = max * f64::from(step) / 4.0;
        let x = from_x + (to_x - from_x) * f64::from(step) / 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" {FONT} text-anchor=\"middle\">{} {}</text>",
            y + 16.0,
            round(value),
            escape(unit)
        );
    }
    out
}

fn frame(title: &str, width: f64, height: f64, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height:.0}\" \
         role=\"img\" aria-label=\"{title}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n\
         <text x=\"10\" y=\"20\" font-family=\"sans-serif\" font-size=\"14\" \
         font-weight=\"bold\">{title}</text>\n\
         {body}</svg>\n",
        title = escape(title)
    )
}

fn round(value: f64) -> String {
    if value >= 100.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
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
