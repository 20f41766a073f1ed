//! The course's load tool, by hand: measure an endpoint of a server you are running on this
//! machine, and read its p50, p99 and requests per second.
//!
//! ```text
//! cargo run -p testkit --bin load -- http://127.0.0.1:3000/dashboard --clients 8 --requests 200
//! ```
//!
//! Run it once before a change and once after, on the same machine, with the same numbers:
//! the figures mean something only next to each other.

use std::process::ExitCode;
use std::time::Duration;

use testkit::load::{self, Load};

const USAGE: &str =
    "usage: cargo run -p testkit --bin load -- URL [--clients C] [--requests N] [--seconds S]
  URL         an endpoint on this machine, e.g. http://127.0.0.1:3000/dashboard
  --clients   concurrent clients, each sending one request at a time (default 8)
  --requests  requests in all (default 200)
  --seconds   stop after this long, whatever is left (default 30)";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok((url, load)) => run(&url, load),
        Err(problem) => {
            eprintln!("{problem}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<(String, Load), String> {
    let (mut url, mut clients, mut requests, mut seconds) = (None, 8, 200, 30.0);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<f64, String> {
            let text = args.next().ok_or(format!("{name} needs a number"))?;
            text.parse::<f64>()
                .ok()
                .filter(|n| *n > 0.0)
                .ok_or(format!("{name} needs a positive number, not `{text}`"))
        };
        match arg.as_str() {
            "--clients" | "-c" => clients = value("--clients")? as usize,
            "--requests" | "-n" => requests = value("--requests")? as usize,
            "--seconds" | "-s" => seconds = value("--seconds")?,
            "--help" | "-h" => return Err("the course's load tool".into()),
            _ if url.is_none() && !arg.starts_with('-') => url = Some(arg),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let url = url.ok_or("which URL? give the endpoint to measure")?;
    let load = Load::new(clients, requests).patience(Duration::from_secs_f64(seconds));
    Ok((url, load))
}

fn run(url: &str, load: Load) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("starting a Tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = load::check_loopback(url) {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    println!(
        "GET {url}: {} requests from {} clients...",
        load.requests, load.clients
    );
    match runtime.block_on(load::measure(url, load)) {
        Ok(measured) if measured.ok > 0 => {
            println!("{measured}");
            ExitCode::SUCCESS
        }
        Ok(measured) => {
            println!("{measured}");
            eprintln!(
                "no request was answered with a 2xx status: is the server running, and is the path right?"
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
