//! The accounting department's invoice reader: synchronous, written long ago, and not ours to
//! change.
//!
//! It reads `<name>.csv` from a directory on a network share, where opening a file takes a
//! while, and it trusts the world more than it should: a share that is not mounted, or a line
//! without a price, makes it panic instead of returning an error.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

/// Reads invoices from one directory. Cheap to clone.
#[derive(Clone, Debug)]
pub struct InvoiceReader {
    dir: PathBuf,
    latency: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invoice {
    pub number: String,
    pub lines: Vec<InvoiceLine>,
    pub total_cents: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    pub item: String,
    pub quantity: u32,
    pub unit_cents: u64,
}

/// What the reader reports as an error (when it does not panic).
#[derive(Debug)]
pub enum ReadError {
    /// No invoice has this name.
    NotFound(String),
    /// The file is there, but a line does not parse.
    Malformed { line: usize, reason: String },
    /// The share failed us.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound(name) => write!(f, "no invoice is named `{name}`"),
            ReadError::Malformed { line, reason } => write!(f, "line {line}: {reason}"),
            ReadError::Io(error) => write!(f, "reading the invoice failed: {error}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl InvoiceReader {
    /// Reads from `dir`; opening a file takes `latency`, like the network share it models.
    pub fn new(dir: impl Into<PathBuf>, latency: Duration) -> Self {
        Self {
            dir: dir.into(),
            latency,
        }
    }

    /// Reads and parses invoice `name`. Blocks for the share's latency and the read.
    ///
    /// The file is CSV with a header line, then `item,quantity,unit_cents` per line.
    pub fn read(&self, name: &str) -> Result<Invoice, ReadError> {
        let safe_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !safe_name {
            return Err(ReadError::NotFound(name.to_owned()));
        }
        std::thread::sleep(self.latency);
        // Written when the share was always mounted: its absence is a crash, not an error.
        if !self.dir.is_dir() {
            panic!("legacy invoice reader: the invoice share is not mounted");
        }
        let text = std::fs::read_to_string(self.dir.join(format!("{name}.csv"))).map_err(|e| {
            match e.kind() {
                io::ErrorKind::NotFound => ReadError::NotFound(name.to_owned()),
                _ => ReadError::Io(e),
            }
        })?;

        let mut lines = Vec::new();
        for (index, line) in text.lines().enumerate().skip(1) {
            let number = index + 1;
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let quantity = fields.get(1).copied().unwrap_or("");
            let quantity = quantity.parse().map_err(|_| ReadError::Malformed {
                line: number,
                reason: format!("the quantity `{quantity}` is not a whole number"),
            })?;
            // The old bug nobody dares to fix: a line without a price is not an error, it is
            // a crash.
            let Some(price) = fields.get(2) else {
                panic!("legacy invoice reader: line {number} of {name}.csv has no price");
            };
            let unit_cents = price.parse().map_err(|_| ReadError::Malformed {
                line: number,
                reason: format!("the price `{price}` is not a number of cents"),
            })?;
            lines.push(InvoiceLine {
                item: fields[0].to_owned(),
                quantity,
                unit_cents,
            });
        }
        let total_cents = lines
            .iter()
            .map(|l| u64::from(l.quantity) * l.unit_cents)
            .sum();
        Ok(Invoice {
            number: name.to_owned(),
            lines,
            total_cents,
        })
    }
}
