//! A real server on a loopback port, for tests where serving itself is the lesson.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// An application served with `axum::serve` on `127.0.0.1:0` (the OS picks a free port, so
/// tests never fight over one). The server stops when this value is dropped.
pub struct TestServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(router: Router) -> Self {
        Self::start_with(|listener| async move { axum::serve(listener, router).await }).await
    }

    /// Starts the application with its own serving code, the way `main` starts it: `serve`
    /// gets a listener bound to `127.0.0.1:0` and runs until the server is dropped. Use it when
    /// how the app is served is part of what the test checks (connection info, shutdown).
    ///
    /// For example, `TestServer::start_with(|listener| serve(listener, app(state))).await`.
    pub async fn start_with<F, Fut>(serve: F) -> Self
    where
        F: FnOnce(TcpListener) -> Fut,
        Fut: Future<Output = io::Result<()>> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a loopback port for the test server");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let serving = serve(listener);
        let task = tokio::spawn(async move {
            if let Err(e) = serving.await {
                eprintln!("the server under test stopped with an error: {e}");
            }
        });
        Self { addr, task }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
