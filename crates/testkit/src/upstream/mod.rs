//! Fake upstream services for chapter 3: news, weather and stocks, on loopback.
//!
//! - [`FakeUpstream`] is wiremock: canned JSON, latency, 500/503/404, malformed JSON, answers
//!   slower than any timeout, and per-reply call counts checked when the test ends.
//! - [`LoopbackUpstream`] is a small axum server for what wiremock cannot see: requests in
//!   flight at once (with an [`crate::InFlight`] probe and a [`Gate`]), TCP connections
//!   opened, and requests the client abandoned before they were answered.
//!
//! Both answer the bodies in [`Service::sample`], so one snapshot fits either.

mod fake;
mod gate;
mod loopback;
mod service;

use std::time::Duration;

pub use fake::{Calls, FakeUpstream, Mounting, Reply};
pub use gate::{Gate, Opened};
pub use loopback::{LoopbackBuilder, LoopbackUpstream};
pub use service::{Service, quote, symbols};

/// Polls `condition` every few milliseconds until it holds or `patience` runs out. Returns
/// whether it held. For waiting on something another task will do "soon", such as a closed
/// connection reaching a fake; the patience only matters when the code under test is wrong.
pub async fn wait_until(patience: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        if condition() {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// A port on loopback that is reserved but never listens: connections to it are refused at
/// once, like calls to an upstream that is down. The port stays reserved while this value
/// lives, so no other test's server can take it meanwhile.
pub struct Unreachable {
    _socket: tokio::net::TcpSocket,
    url: String,
}

impl Unreachable {
    pub fn new() -> Self {
        let socket = tokio::net::TcpSocket::new_v4().expect("creating a TCP socket");
        socket
            .bind(([127, 0, 0, 1], 0).into())
            .expect("binding a loopback port");
        let addr = socket.local_addr().expect("a bound socket has an address");
        Self {
            _socket: socket,
            url: format!("http://{addr}"),
        }
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

impl Default for Unreachable {
    fn default() -> Self {
        Self::new()
    }
}
