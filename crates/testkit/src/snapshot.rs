//! insta settings shared by every test file.
//!
//! The learner's build and the solution's build compile the same `tests/<id>.rs`, so they must
//! read the same snapshot files. These settings pin the directory to `tests/snapshots/` at the
//! workspace root, whichever package is being tested. Snapshot names keep insta's default
//! prefix, the test crate's name (`hello__greeting.snap`), which both builds share.

use std::path::PathBuf;

/// Where every snapshot lives.
pub fn snapshot_dir() -> PathBuf {
    crate::workspace_root().join("tests/snapshots")
}

/// Settings every snapshot assertion runs under.
pub fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir());
    // The expression is always `response` or similar; the name says what the snapshot is.
    settings.set_omit_expression(true);
    settings
}

/// Snapshots a [`crate::TestResponse`]: status, content type (plus any headers named with
/// `headers = [...]`) and body. Redactions use insta's syntax:
///
/// ```text
/// assert_response_snapshot!("detail_not_found", res);
/// assert_response_snapshot!("created", res, { ".body.id" => "[id]" });
/// assert_response_snapshot!("timed", res, headers = ["x-request-duration"], {
///     ".headers[\"x-request-duration\"]" => "[duration]",
/// });
/// ```
#[macro_export]
macro_rules! assert_response_snapshot {
    ($name:expr, $response:expr, headers = [$($header:expr),* $(,)?] $(, $($redactions:tt)*)?) => {{
        let view = $response.snapshot_view_with_headers(&[$($header),*]);
        $crate::snapshot::settings().bind(|| {
            $crate::insta::assert_json_snapshot!($name, view $(, $($redactions)*)?);
        });
    }};
    ($name:expr, $response:expr $(, $($redactions:tt)*)?) => {{
        let view = $response.snapshot_view();
        $crate::snapshot::settings().bind(|| {
            $crate::insta::assert_json_snapshot!($name, view $(, $($redactions)*)?);
        });
    }};
}

/// Snapshots any serializable value as JSON under the shared settings.
#[macro_export]
macro_rules! assert_json_snapshot {
    ($name:expr, $value:expr $(, $($redactions:tt)*)?) => {{
        let value = &$value;
        $crate::snapshot::settings().bind(|| {
            $crate::insta::assert_json_snapshot!($name, value $(, $($redactions)*)?);
        });
    }};
}
