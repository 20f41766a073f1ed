//! `cargo workshop book --serve`: the book on localhost, rebuilt when a page changes.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{KillOnDrop, TempCourse};

/// A plain HTTP/1.0 GET: the status line's code and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let code = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (code, body)
}

#[test]
fn the_book_is_served_on_localhost_and_rebuilt_on_change() {
    let course = TempCourse::new("book-serve");
    course.write("book/src/SUMMARY.md", "# Summary\n\n[Intro](intro.md)\n");
    course.write("book/src/intro.md", "# Welcome\n\nFirst words.\n");
    // The runner needs one exercise to call this a course.
    course.write(
        "exercises/01-a/01-x/Cargo.toml",
        "[package]\nname = \"it-book-x\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );

    let mut child = KillOnDrop(
        course
            .command(&["book", "--serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts"),
    );
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("http://")
                .nth(1)
                .map(|rest| rest.split('/').next().unwrap_or("").to_owned())
        })
        .expect("it prints the URL");
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let (code, page) = get(&address, "/intro.html");
    assert_eq!(code, 200);
    assert!(page.contains("First words."), "{page}");
    assert!(
        page.contains("/__workshop/version"),
        "pages reload themselves"
    );
    assert_eq!(get(&address, "/").0, 200);
    assert_eq!(get(&address, "/nothing-here.html").0, 404);
    assert_eq!(get(&address, "/__workshop/version").1, "1");

    course.write("book/src/intro.md", "# Welcome\n\nSecond words.\n");
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(&address, "/__workshop/version").1 == "1" {
        assert!(Instant::now() < deadline, "the book was not rebuilt");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, page) = get(&address, "/intro.html");
    assert!(page.contains("Second words."), "{page}");

    // Dropping the child stops the server.
    drop(child);
}
