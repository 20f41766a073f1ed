//! Talking to a real server over loopback, for the tests where serving is the lesson.
//!
//! [`send`] turns a `reqwest` request into the same [`TestResponse`] the in-process client
//! gives, so assertions and snapshots read the same whichever way the request travelled.

use std::time::Duration;

use crate::TestResponse;

/// A `reqwest` client for loopback tests: never goes through a proxy, and gives up on a
/// request after 60 s so a hung server fails the test instead of hanging it.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("building the test's HTTP client")
}

/// Sends `request` and collects the whole answer. `Err` says, in words, why no answer came
/// (connection refused, reset, timed out): for a test about serving, that is often the point.
pub async fn send(request: reqwest::RequestBuilder) -> Result<TestResponse, String> {
    let (client, request) = request.build_split();
    let request = request.map_err(|e| format!("the test built an invalid request: {e}"))?;
    let described = match request.url().query() {
        Some(query) => format!("{} {}?{query}", request.method(), request.url().path()),
        None => format!("{} {}", request.method(), request.url().path()),
    };
    let res = client
        .execute(request)
        .await
        .map_err(|e| format!("{described} got no answer: {}", error_chain(&e)))?;
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res
        .bytes()
        .await
        .map_err(|e| format!("{described}: the body broke off: {}", error_chain(&e)))?;
    Ok(TestResponse::from_parts(described, status, headers, body))
}

/// An error and its causes on one line: reqwest's own message rarely says what happened.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A server program running as a child process, for tests of what only a whole process
/// shows: that `cargo run` works with no setup, that SIGTERM ends it cleanly with exit 0.
/// The program must print `listening on http://ADDR` as its first line. Dropping this value
/// kills the program, so a failing test never leaves a server behind.
pub struct ServerProcess {
    child: tokio::process::Child,
    url: String,
    /// Everything the program printed (stdout and stderr), line by line, as it comes.
    printed: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts `program` with `env` added to its environment, and waits for its first line.
    pub async fn start(program: &str, env: &[(&str, &str)]) -> Self {
        use std::process::Stdio;
        use std::sync::{Arc, Mutex};
        use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

        let mut child = tokio::process::Command::new(program)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting the server program {program}: {e}"));
        let printed = Arc::new(Mutex::new(Vec::new()));
        fn collect(stream: impl AsyncRead + Unpin + Send + 'static, into: Arc<Mutex<Vec<String>>>) {
            tokio::spawn(async move {
                let mut lines = BufReader::new(stream).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    into.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(line);
                }
            });
        }
        if let Some(stdout) = child.stdout.take() {
            collect(stdout, Arc::clone(&printed));
        }
        if let Some(stderr) = child.stderr.take() {
            collect(stderr, Arc::clone(&printed));
        }
        let mut server = Self {
            child,
            url: String::new(),
            printed,
        };
        let printed = server.wait_for_line("listening on ").await;
        let url = printed
            .iter()
            .find_map(|line| line.split_once("listening on "))
            .map(|(_, url)| url.trim().to_owned());
        server.url = url.unwrap_or_default();
        server
    }

    /// `http://ADDR`, from the program's first line.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits until the program prints a line containing `text`; answers every line so far.
    /// Fails the test, showing what it printed, if the program exits first or takes 30 s.
    pub async fn wait_for_line(&mut self, text: &str) -> Vec<String> {
        let started = std::time::Instant::now();
        loop {
            let lines = self.printed();
            if lines.iter().any(|line| line.contains(text)) {
                return lines;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the readers catch the last lines before reporting them.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let why = self
                    .panic_message()
                    .map(|panic| format!(": it panicked at {panic}"))
                    .unwrap_or_default();
                panic!(
                    "the server program exited ({status}) before printing `{text}`{why}\n\
                     It printed:\n{}",
                    self.output()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server program did not print `{text}` within 30 s. It printed:\n{}",
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Every line printed so far.
    pub fn printed(&self) -> Vec<String> {
        self.printed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// What the program printed so far, as one text for a failure message.
    pub fn output(&self) -> String {
        self.printed().join("\n")
    }

    /// Where and why the program panicked, if it printed a panic:
    /// `"src/lib.rs:71:5: not yet implemented: ..."`. Put it in the first line of a failure.
    pub fn panic_message(&self) -> Option<String> {
        let printed = self.printed();
        let at = printed
            .iter()
            .position(|line| line.contains(" panicked at "))?;
        let place = printed[at]
            .split(" panicked at ")
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(':');
        let message = printed.get(at + 1).map_or("", String::as_str);
        Some(format!("{place}: {message}"))
    }

    /// The exit status, if the program has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Sends SIGTERM, as `docker stop`, Kubernetes and systemd do.
    #[cfg(unix)]
    pub fn send_sigterm(&self) {
        let pid = self.child.id().expect("the server is still running");
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        assert!(
            sent.is_ok_and(|status| status.success()),
            "sending SIGTERM to the server (`kill -TERM {pid}`) failed"
        );
    }

    /// Waits up to `patience` for the program to exit. `None` if it is still running, in
    /// which case it has been killed.
    pub async fn wait_for_exit(&mut self, patience: Duration) -> Option<std::process::ExitStatus> {
        match tokio::time::timeout(patience, self.child.wait()).await {
            Ok(Ok(status)) => {
                // Let the readers catch the last lines.
                tokio::time::sleep(Duration::from_millis(50)).await;
                Some(status)
            }
            _ => {
                let _ = self.child.kill().await;
                None
            }
        }
    }
}
