//! `cargo workshop book --serve`: the book on localhost, rebuilt when a page or a listing
//! changes, and reloaded in the browser after each rebuild.
//!
//! axum serves the files (it is the course's own web framework, already built for the tests);
//! a few lines of script in each page ask for the build number every second and reload when it
//! changes. Only 127.0.0.1 is bound: the book is for the person at this machine.
//!
//! The file handler is our own rather than tower-http's `ServeDir`: `ServeDir` needs
//! tower-http's `fs` feature, which compiles two crates no build of the course has
//! (`mime_guess`, `http-range-header`) and rebuilds tower-http and everything above it for every
//! learner, and each page would still pass through here to get the reload script.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::book;
use crate::filewatch::{self, Scan};

/// The port tried first; if it is taken, any free one.
pub const DEFAULT_PORT: u16 = 3000;

const VERSION_PATH: &str = "/__workshop/version";

/// Asks for the build number every second and reloads the page when it changes.
const RELOAD_SCRIPT: &str = "<script>(function(){var seen=null;setInterval(function(){\
fetch('/__workshop/version').then(function(r){return r.text();}).then(function(v){\
if(seen!==null&&v!==seen){location.reload();}seen=v;}).catch(function(){});},1000);})();</script>";

struct Served {
    dir: PathBuf,
    /// Incremented after each successful rebuild.
    version: AtomicU64,
}

/// Builds the book, serves it, and rebuilds it on changes until Ctrl-C.
pub fn serve(root: &Path, port: Option<u16>) -> Result<()> {
    let out = root.join("book/build");
    // Look before building, so that a change made during the first build is not missed.
    let inputs_at_start = inputs(root);
    let started = Instant::now();
    book::build(root, &out)?;
    println!(
        "Built the book in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    let served = Arc::new(Served {
        dir: out,
        version: AtomicU64::new(1),
    });
    let rebuilding = Arc::clone(&served);
    let root_for_rebuilds = root.to_path_buf();
    thread::spawn(move || rebuild_on_change(&root_for_rebuilds, &rebuilding, inputs_at_start));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the web server's runtime")?;
    runtime.block_on(async move {
        let listener = bind(port).await?;
        let address = listener.local_addr()?;
        println!(
            "Serving the book at http://{address}/ (it rebuilds and reloads when a page or a \
             listing changes; Ctrl-C stops)."
        );
        let app = Router::new()
            .route(VERSION_PATH, get(version))
            .fallback(get(file))
            .with_state(served);
        axum::serve(listener, app).await?;
        Ok(())
    })
}

async fn bind(port: Option<u16>) -> Result<tokio::net::TcpListener> {
    let wanted = port.unwrap_or(DEFAULT_PORT);
    match tokio::net::TcpListener::bind(("127.0.0.1", wanted)).await {
        Ok(listener) => Ok(listener),
        // The default port is only a preference; a port the learner asked for is not.
        Err(_) if port.is_none() => Ok(tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?),
        Err(error) => Err(error).with_context(|| format!("listening on 127.0.0.1:{wanted}")),
    }
}

async fn version(State(served): State<Arc<Served>>) -> String {
    served.version.load(Ordering::SeqCst).to_string()
}

async fn file(State(served): State<Arc<Served>>, uri: Uri) -> Response {
    let Some(mut path) = resolve(&served.dir, uri.path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if path.is_dir() {
        path = path.join("index.html");
    }
    let (status, path) = if path.is_file() {
        (StatusCode::OK, path)
    } else {
        (StatusCode::NOT_FOUND, served.dir.join("404.html"))
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        inject_reload(&bytes)
    } else {
        bytes
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The file under `dir` that a URL path names; `None` for anything that would leave `dir`.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dir.join(relative))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn inject_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// What the book is built from: its sources and every tree a page includes listings from.
fn inputs(root: &Path) -> Scan {
    let mut scan = Scan::new();
    for dir in [
        "book/src",
        "book/theme",
        "exercises",
        "solutions",
        "crates",
        "tests",
    ] {
        scan.extend(filewatch::scan(&root.join(dir)));
    }
    scan.extend(
        filewatch::scan(&root.join("book"))
            .into_iter()
            .filter(|(p, _)| p.file_name().is_some_and(|n| n == "book.toml")),
    );
    scan
}

fn rebuild_on_change(root: &Path, served: &Served, mut last: Scan) {
    loop {
        thread::sleep(Duration::from_millis(500));
        let now = inputs(root);
        if now == last {
            continue;
        }
        last = now;
        let started = Instant::now();
        match rebuild(root, &served.dir) {
            Ok(()) => {
                served.version.fetch_add(1, Ordering::SeqCst);
                println!(
                    "Rebuilt the book in {:.1} s.",
                    started.elapsed().as_secs_f64()
                );
            }
            Err(error) => eprintln!("The book did not build: {error:#}"),
        }
    }
}

/// Builds beside the served directory and swaps it in, so readers never see half a book.
fn rebuild(root: &Path, served_dir: &Path) -> Result<()> {
    let fresh = served_dir.with_extension("new");
    let old = served_dir.with_extension("old");
    let _ = fs::remove_dir_all(&fresh);
    book::build(root, &fresh)?;
    let _ = fs::remove_dir_all(&old);
    if served_dir.exists() {
        fs::rename(served_dir, &old)?;
    }
    fs::rename(&fresh, served_dir)?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_never_leave_the_book() {
        let dir = Path::new("/book");
        assert_eq!(
            resolve(dir, "/ch/a%20b.html"),
            Some(PathBuf::from("/book/ch/a b.html"))
        );
        assert_eq!(resolve(dir, "/"), Some(PathBuf::from("/book/")));
        assert_eq!(resolve(dir, "/../etc/passwd"), None);
        assert_eq!(resolve(dir, "/%2e%2e/secret"), None);
    }

    #[test]
    fn pages_get_the_reload_script_before_body_ends() {
        let page = String::from_utf8(inject_reload(b"<html><body>x</body></html>")).expect("utf8");
        assert!(page.ends_with(&format!("x{RELOAD_SCRIPT}</body></html>")));
    }
}
