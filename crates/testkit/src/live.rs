//! Clients for long-lived connections (chapter 7): a server-sent events reader over a real
//! `reqwest` response, and a WebSocket client over loopback.
//!
//! Both give up after a deadline the test chooses and say so in words, so a stream that never
//! sends what the test waits for fails the test instead of hanging it.

use std::time::Duration;

/// One server-sent event, or a comment line (a keep-alive), as the client received it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SseEvent {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
    /// The text of `:` lines (comments). Keep-alives are comments.
    pub comments: Vec<String>,
}

impl SseEvent {
    /// A block with no field at all but comments: what a keep-alive looks like.
    pub fn is_comment_only(&self) -> bool {
        self.id.is_none() && self.event.is_none() && self.data.is_empty()
    }
}

/// Reads a `text/event-stream` response one event at a time.
pub struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// Reads `response` as an event stream after checking that it says it is one; the failure
    /// names the content type it got, and what answers with the right one.
    #[track_caller]
    pub fn event_stream(response: reqwest::Response) -> Self {
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "an event stream is `content-type: text/event-stream`, got {content_type:?}: \
             answer with `axum::response::sse::Sse`"
        );
        Self::new(response)
    }

    /// The next block (an event, or comments only), waiting at most `patience`. `Err` says why
    /// none came: the stream ended, broke off, or stayed silent.
    pub async fn next(&mut self, patience: Duration) -> Result<SseEvent, String> {
        let read = tokio::time::timeout(patience, async {
            loop {
                if let Some(block) = self.take_block() {
                    return Ok(parse_block(&block));
                }
                match self.response.chunk().await {
                    Ok(Some(chunk)) => {
                        let text = String::from_utf8_lossy(&chunk).replace("\r\n", "\n");
                        self.buffer.push_str(&text);
                    }
                    Ok(None) => return Err("the event stream ended".to_owned()),
                    Err(e) => return Err(format!("the event stream broke off: {e}")),
                }
            }
        })
        .await;
        match read {
            Ok(result) => result,
            Err(_) => Err(format!("nothing arrived within {:?}", to_millis(patience))),
        }
    }

    /// The next block that is an event (skipping keep-alive comments).
    pub async fn next_event(&mut self, patience: Duration) -> Result<SseEvent, String> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let block = self.next(left).await?;
            if !block.is_comment_only() {
                return Ok(block);
            }
        }
    }

    fn take_block(&mut self) -> Option<String> {
        let end = self.buffer.find("\n\n")?;
        let block = self.buffer[..end].to_owned();
        self.buffer.drain(..end + 2);
        Some(block)
    }
}

fn parse_block(block: &str) -> SseEvent {
    let mut event = SseEvent::default();
    let mut data = Vec::new();
    for line in block.lines() {
        if let Some(comment) = line.strip_prefix(':') {
            event.comments.push(comment.trim_start().to_owned());
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => event.id = Some(value.to_owned()),
            "event" => event.event = Some(value.to_owned()),
            "data" => data.push(value.to_owned()),
            _ => {}
        }
    }
    event.data = data.join("\n");
    event
}

pub use tokio_tungstenite::tungstenite::Message as WsMessage;

type WsStream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket client on loopback (tokio-tungstenite), with deadlines and words for failures.
pub struct WsClient {
    stream: WsStream,
}

/// How the server answered a WebSocket handshake it refused: the status and the body.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub body: String,
}

impl WsClient {
    /// Opens a WebSocket to `url` (`ws://127.0.0.1:PORT/path`), with `headers` added to the
    /// handshake request. `Err` holds the HTTP answer when the server refused the upgrade.
    pub async fn connect_with(
        url: &str,
        headers: &[(&str, &str)],
        patience: Duration,
    ) -> Result<Self, Refused> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut request = url
            .into_client_request()
            .unwrap_or_else(|e| panic!("the test built a bad WebSocket URL {url}: {e}"));
        for (name, value) in headers {
            let name: axum::http::HeaderName = name.parse().expect("a valid header name");
            let value = value.parse().expect("a valid header value");
            request.headers_mut().insert(name, value);
        }
        let connected =
            match tokio::time::timeout(patience, tokio_tungstenite::connect_async(request)).await {
                Ok(connected) => connected,
                Err(_) => panic!("the WebSocket handshake with {url} took more than {patience:?}"),
            };
        match connected {
            Ok((stream, _response)) => Ok(Self { stream }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                let status = response.status().as_u16();
                let body = response
                    .body()
                    .as_deref()
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    .unwrap_or_default();
                Err(Refused { status, body })
            }
            Err(e) => panic!("the WebSocket handshake with {url} failed: {e}"),
        }
    }

    /// Opens a WebSocket to `url` from a client that reads slowly: its socket's receive
    /// buffer is `receive_buffer` bytes, so a server sending to it fills the connection fast.
    pub async fn connect_slow(url: &str, receive_buffer: u32, patience: Duration) -> Self {
        let addr: std::net::SocketAddr = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .and_then(|authority| authority.parse().ok())
            .unwrap_or_else(|| panic!("connect_slow takes ws://IP:PORT/..., got {url}"));
        let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
        socket
            .set_recv_buffer_size(receive_buffer)
            .expect("setting the socket's receive buffer");
        let handshake = async {
            let tcp = socket.connect(addr).await?;
            let stream = tokio_tungstenite::MaybeTlsStream::Plain(tcp);
            tokio_tungstenite::client_async(url, stream)
                .await
                .map_err(std::io::Error::other)
        };
        match tokio::time::timeout(patience, handshake).await {
            Ok(Ok((stream, _response))) => Self { stream },
            Ok(Err(e)) => panic!("the WebSocket handshake with {url} failed: {e}"),
            Err(_) => panic!("the WebSocket handshake with {url} took more than {patience:?}"),
        }
    }

    /// Opens a WebSocket to `url`, or fails the test saying why not.
    pub async fn connect(url: &str, patience: Duration) -> Self {
        match Self::connect_with(url, &[], patience).await {
            Ok(client) => client,
            Err(refused) => panic!(
                "the server refused the WebSocket upgrade at {url}: {} {}",
                refused.status, refused.body
            ),
        }
    }

    pub async fn send(&mut self, message: WsMessage) {
        use futures::SinkExt;
        if let Err(e) = self.stream.send(message).await {
            panic!("the test could not send on the WebSocket: {e}");
        }
    }

    pub async fn send_text(&mut self, text: &str) {
        self.send(WsMessage::text(text)).await;
    }

    /// The next message, or `Err` saying why none came: the connection ended, or nothing
    /// arrived within `patience`.
    pub async fn next(&mut self, patience: Duration) -> Result<WsMessage, String> {
        use futures::StreamExt;
        match tokio::time::timeout(patience, self.stream.next()).await {
            Ok(Some(Ok(message))) => Ok(message),
            Ok(Some(Err(e))) => Err(format!("the connection broke: {e}")),
            Ok(None) => Err("the connection ended".to_owned()),
            Err(_) => Err(format!("nothing arrived within {:?}", to_millis(patience))),
        }
    }

    /// Waits for the server's close frame, skipping other messages; `Ok(None)` for a close
    /// frame with no code. `Err` when the connection ended without one, or none came in time.
    pub async fn closed(&mut self, patience: Duration) -> Result<Option<(u16, String)>, String> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                WsMessage::Close(frame) => {
                    return Ok(frame.map(|f| (u16::from(f.code), f.reason.to_string())));
                }
                _ => continue,
            }
        }
    }

    /// Starts the closing handshake from the client's side.
    pub async fn close(&mut self) {
        if let Err(e) = self.stream.close(None).await {
            panic!("the test could not close the WebSocket: {e}");
        }
    }
}

/// A wait as a learner reads it: `2.989s`, not the nanoseconds left of a deadline.
fn to_millis(wait: Duration) -> Duration {
    Duration::from_millis(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX))
}
