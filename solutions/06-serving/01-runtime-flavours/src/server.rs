//! A server on its own OS thread, running on whichever runtime `build_runtime` made. The
//! tests talk to it from a different runtime, the way real clients talk to a real server.

use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;

use axum::Router;
use tokio::sync::oneshot;

use crate::{Flavour, build_runtime};

pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Builds a runtime of `flavour`, binds `127.0.0.1:0` and serves `app` on it until dropped.
    pub fn start(flavour: Flavour, app: Router) -> io::Result<Server> {
        let runtime = build_runtime(flavour)?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("server-{flavour:?}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            // Dropping the sender stops the server too.
                            let _ = stopped.await;
                        })
                        .await
                })
            })?;
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Waits for requests still in progress; a server thread that panicked has already
        // printed why, so there is nothing more to report here.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
