//! Streaming a response: the export's first rows reach the client while the query is still
//! running, and a client that leaves stops the query.
//!
//! The tests never read a clock to decide: `PageViews::hold_after(n)` stops the query after `n`
//! rows (a slow query, on demand), and its gauges say how many rows were fetched and whether
//! the query still runs. They talk to a real server over loopback, because what streaming
//! changes is what travels on the connection, and when.

use std::time::Duration;

use streaming_export::{CSV, HEADER, PageViews, app};
use testkit::check_eq;
use testkit::db::TestDb;
use testkit::probe::PATIENCE;
use testkit::serving::http_client;
use testkit::{StatusCode, TestServer, assert_json_snapshot, json};

/// Rows the query lets through before the tests that hold it make it wait.
const FIRST_ROWS: u64 = 100;

async fn server_with_page_views(count: i64) -> (TestDb, PageViews, TestServer) {
    let db = TestDb::migrated().await;
    db.add_page_views(count).await;
    let page_views = PageViews::new(db.pool().clone());
    let server = TestServer::start(app(page_views.clone())).await;
    (db, page_views, server)
}

/// Asks for the export while the query is held after [`FIRST_ROWS`] rows: the answer must
/// start anyway.
async fn request_the_export(
    server: &TestServer,
    page_views: &PageViews,
) -> testkit::reqwest::Response {
    let answered = tokio::time::timeout(
        PATIENCE,
        http_client()
            .get(server.url("/exports/page-views.csv"))
            .send(),
    )
    .await;
    match answered {
        Ok(Ok(res)) => res,
        Ok(Err(e)) => panic!("GET /exports/page-views.csv got no answer: {e}"),
        Err(_) => panic!(
            "no answer came within {PATIENCE:?} while the query was still running ({} rows \
             fetched, the query waiting for more). The handler waited for every row before \
             answering: did you collect them (`try_collect`, `fetch_all`, a `String` you push \
             to)? Give the body the stream itself: `Body::from_stream`, one line per row.",
            page_views.fetched()
        ),
    }
}

/// Reads the body of `res` until it holds at least `lines` lines, or fails the test.
async fn read_lines(res: &mut testkit::reqwest::Response, lines: usize, what: &str) -> String {
    let mut text = String::new();
    let read = tokio::time::timeout(PATIENCE, async {
        while text.matches('\n').count() < lines {
            match res.chunk().await {
                Ok(Some(chunk)) => text.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(None) => return Err(format!("the body ended after {text:?}")),
                Err(e) => return Err(format!("the body broke off: {e}")),
            }
        }
        Ok(())
    })
    .await;
    match read {
        Ok(Ok(())) => text,
        Ok(Err(e)) => panic!("{what}: {e}"),
        Err(_) => panic!(
            "{what}: only {} line(s) arrived within {PATIENCE:?}: {text:?}",
            text.matches('\n').count()
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_is_csv_with_a_header_and_every_row() {
    let (_db, _page_views, server) = server_with_page_views(1_000).await;
    let res = http_client()
        .get(server.url("/exports/page-views.csv"))
        .send()
        .await
        .expect("the server answers");
    assert!(
        res.status() == StatusCode::OK,
        "GET /exports/page-views.csv answered {}, expected 200 OK. A 404 with an empty body \
         means no route matched: `.route(\"/exports/page-views.csv\", get(..))` on the router \
         you return. A 500 means the handler returned an error before the first row: the \
         status goes out with the response head, so a streamed export answers 200 at once and \
         a failure later can only end the stream early.",
        res.status()
    );
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    check_eq!(
        content_type.as_deref(),
        Some(CSV),
        "the export must say it is CSV: `content-type: {CSV}`"
    );
    let body = res.text().await.expect("the whole body arrives");
    let lines: Vec<&str> = body.lines().collect();
    check_eq!(
        lines.len(),
        1_001,
        "expected the header line and then one line per page view (1000), got {} lines",
        lines.len()
    );
    check_eq!(
        format!("{}\n", lines[0]),
        HEADER,
        "the first line is the header"
    );
    assert_json_snapshot!(
        "export_head_and_tail",
        json!({
            "content_type": content_type,
            "first_lines": &lines[..4],
            "last_line": lines[lines.len() - 1],
        })
    );
}

// ANCHOR: first_bytes_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_rows_arrive_while_the_query_is_still_running() {
    let (_db, page_views, server) = server_with_page_views(1_000).await;
    page_views.hold_after(FIRST_ROWS);

    let mut res = request_the_export(&server, &page_views).await;
    let first = read_lines(&mut res, 2, "the header and the first row").await;
    assert!(
        first.starts_with(HEADER),
        "the export starts with its header line, got {first:?}"
    );
    assert!(
        page_views.running() == 1 && page_views.fetched() <= FIRST_ROWS,
        "the first rows arrived, but the query is not the one held after {FIRST_ROWS} rows \
         ({} running, {} rows fetched)",
        page_views.running(),
        page_views.fetched()
    );
    page_views.open();
    let rest = res.text().await.expect("the rest of the export arrives");
    let lines = first.lines().count() + rest.lines().count();
    assert!(
        lines >= 1_000,
        "once the query can go on, the rest of the export arrives: {lines} lines in all"
    );
}
// ANCHOR_END: first_bytes_test

// ANCHOR: disconnect_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_stops_the_query() {
    const TOTAL: i64 = 20_000;
    let (_db, page_views, server) = server_with_page_views(TOTAL).await;
    page_views.hold_after(FIRST_ROWS);

    let mut res = request_the_export(&server, &page_views).await;
    read_lines(&mut res, 2, "the header and the first row").await;
    drop(res); // The client leaves: reqwest closes the connection mid-body.
    page_views.open();

    let stopped = tokio::time::timeout(PATIENCE, async {
        while page_views.running() > 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    let fetched = page_views.fetched();
    assert!(
        stopped.is_ok() && fetched < TOTAL as u64,
        "the client left after the first rows, but the query went on: {fetched} of {TOTAL} rows \
         fetched, {} query still running after {PATIENCE:?}. When a client leaves, hyper drops \
         the response body; everything reading rows must be owned by that body, so it stops \
         too. A task of your own that drains the rows into a channel and ignores the send \
         error (`let _ = tx.send(row)`) keeps the query running for nobody.",
        page_views.running()
    );
}
// ANCHOR_END: disconnect_test
