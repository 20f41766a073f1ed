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
            Err(_) => Err(format!("nothing arrived within {patience:?}")),
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
