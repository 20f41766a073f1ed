//! A reader for the subset of YAML the course's GitHub workflow is written in: block mappings,
//! block sequences, plain and quoted scalars, `|` literal blocks and `#` comments. Nothing
//! here needs a YAML crate, and anything outside the subset (flow collections, anchors, tabs,
//! `>` folding) is an error rather than a guess, so the workflow stays checkable.

#![allow(dead_code)]

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Str(String),
    /// A key with nothing after it (`push:`).
    Null,
}

impl Node {
    /// The value at `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows `a.b.c` through mappings.
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self, |node, key| node.get(key))
    }

    pub fn str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match self {
            Node::Seq(items) => items,
            _ => &[],
        }
    }
}

struct Line {
    number: usize,
    indent: usize,
    text: String,
}

/// Parses `text`, or says which line leaves the subset.
pub fn parse(text: &str) -> Result<Node, String> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        if raw.contains('\t') {
            return Err(format!("line {number}: a tab (YAML indents with spaces)"));
        }
        lines.push(Line {
            number,
            indent: raw.len() - raw.trim_start().len(),
            text: raw.to_owned(),
        });
    }
    let mut parser = Parser { lines, next: 0 };
    parser.skip_blank();
    let Some(first) = parser.peek() else {
        return Ok(Node::Null);
    };
    let indent = first.indent;
    let node = parser.block(indent)?;
    parser.skip_blank();
    match parser.peek() {
        Some(line) => Err(format!("line {}: unexpected indentation", line.number)),
        None => Ok(node),
    }
}

struct Parser {
    lines: Vec<Line>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Line> {
        self.lines.get(self.next)
    }

    fn skip_blank(&mut self) {
        while self
            .peek()
            .is_some_and(|l| l.text.trim().is_empty() || l.text.trim_start().starts_with('#'))
        {
            self.next += 1;
        }
    }

    /// A mapping or a sequence whose lines start at column `indent`.
    fn block(&mut self, indent: usize) -> Result<Node, String> {
        self.skip_blank();
        let line = self.peek().ok_or("a block expected")?;
        let content = line.text.trim_start();
        if content == "-" || content.starts_with("- ") {
            self.sequence(indent)
        } else {
            self.mapping(indent)
        }
    }

    fn sequence(&mut self, indent: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(line) = self.peek() else { break };
            if line.indent < indent {
                break;
            }
            let content = line.text.trim_start();
            if line.indent > indent || !(content == "-" || content.starts_with("- ")) {
                return Err(format!(
                    "line {}: expected `- ` at column {indent}",
                    line.number
                ));
            }
            let rest = content[1..].trim_start().to_owned();
            let number = line.number;
            if rest.is_empty() {
                // `-` alone: the item is the block below it.
                self.next += 1;
                self.skip_blank();
                let inner = self.peek().map_or(indent + 2, |next| next.indent);
                if inner <= indent {
                    return Err(format!("line {number}: an empty item"));
                }
                items.push(self.block(inner)?);
            } else if split_key(&rest).is_some() {
                // `- key: value`: the item is a mapping whose keys line up after the dash.
                let inner = indent + 2;
                let index = self.next;
                self.lines[index].text = format!("{}{rest}", " ".repeat(inner));
                self.lines[index].indent = inner;
                items.push(self.block(inner)?);
            } else {
                let scalar = scalar(&strip_comment(&rest), number)?;
                self.next += 1;
                items.push(scalar);
            }
        }
        Ok(Node::Seq(items))
    }

    fn mapping(&mut self, indent: usize) -> Result<Node, String> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        loop {
            self.skip_blank();
            let Some(line) = self.peek() else { break };
            if line.indent < indent {
                break;
            }
            let number = line.number;
            if line.indent > indent {
                return Err(format!("line {number}: unexpected indentation"));
            }
            let content = strip_comment(line.text.trim_start());
            let Some((key, value)) = split_key(&content) else {
                return Err(format!("line {number}: expected `key: value`"));
            };
            let key = unquote(key);
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(format!("line {number}: `{key}` appears twice"));
            }
            self.next += 1;
            let value = value.trim();
            let node = if value == "|" || value == "|-" {
                self.literal(indent, value == "|-")
            } else if value.is_empty() {
                self.skip_blank();
                match self.peek() {
                    Some(next) if next.indent > indent => {
                        let inner = next.indent;
                        self.block(inner)?
                    }
                    // A sequence may sit at its key's own indentation.
                    Some(next)
                        if next.indent == indent && next.text.trim_start().starts_with("- ") =>
                    {
                        self.sequence(indent)?
                    }
                    _ => Node::Null,
                }
            } else {
                scalar(value, number)?
            };
            entries.push((key, node));
        }
        Ok(Node::Map(entries))
    }

    /// The lines of a `|` block: everything indented deeper than its key, blank lines kept.
    fn literal(&mut self, key_indent: usize, strip: bool) -> Node {
        let mut body: Vec<&str> = Vec::new();
        let mut block_indent = None;
        while let Some(line) = self.lines.get(self.next) {
            if line.text.trim().is_empty() {
                body.push("");
                self.next += 1;
                continue;
            }
            if line.indent <= key_indent {
                break;
            }
            let indent = *block_indent.get_or_insert(line.indent);
            body.push(line.text.get(indent.min(line.indent)..).unwrap_or(""));
            self.next += 1;
        }
        while body.last() == Some(&"") {
            body.pop();
        }
        let mut text = body.join("\n");
        if !strip {
            text.push('\n');
        }
        Node::Str(text)
    }
}

/// `key: value` → (`key`, `value`), or `None` when the line is not a mapping entry: the
/// colon must be followed by a space or end the line, and not sit inside a quoted key.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let mut quote = None;
    for (at, &byte) in bytes.iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') if at == 0 => quote = Some(byte),
            (Some(q), b) if b == q => quote = None,
            (None, b':') if bytes.get(at + 1).is_none_or(|b| *b == b' ') => {
                return Some((&content[..at], &content[at + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// Drops a ` # comment` that is outside quotes.
fn strip_comment(text: &str) -> String {
    let mut quote = None;
    let chars: Vec<char> = text.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if at == 0 || chars[at - 1] == ' ' => {
                return chars[..at].iter().collect::<String>().trim_end().to_owned();
            }
            _ => {}
        }
    }
    text.to_owned()
}

fn scalar(value: &str, number: usize) -> Result<Node, String> {
    let value = strip_comment(value);
    let value = value.trim();
    if value.starts_with(['[', '{', '&', '*', '>', '!', '%', '@', '`']) {
        return Err(format!(
            "line {number}: `{value}` is outside the subset this test reads"
        ));
    }
    Ok(Node::Str(unquote(value)))
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    for q in ['"', '\''] {
        if text.len() >= 2 && text.starts_with(q) && text.ends_with(q) {
            return text[1..text.len() - 1].to_owned();
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_subset() {
        let text = "\
# a comment
name: Test # trailing
on:
  push:
env:
  A: \"1.94\"
steps:
  - uses: actions/cache@v4
    with:
      key: k-${{ hashFiles('Cargo.lock') }}
  - name: Run
    run: |
      mkdir -p out
      cargo workshop report

  - plain item
";
        let doc = parse(text).expect("parses");
        assert_eq!(doc.at("name").and_then(Node::str), Some("Test"));
        assert_eq!(doc.at("on.push"), Some(&Node::Null));
        assert_eq!(doc.at("env.A").and_then(Node::str), Some("1.94"));
        let steps = doc.at("steps").expect("steps").items();
        assert_eq!(steps.len(), 3);
        assert_eq!(
            steps[0].at("with.key").and_then(Node::str),
            Some("k-${{ hashFiles('Cargo.lock') }}")
        );
        assert_eq!(
            steps[1].at("run").and_then(Node::str),
            Some("mkdir -p out\ncargo workshop report\n")
        );
        assert_eq!(steps[2].str(), Some("plain item"));
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        assert!(parse("a:\n\tb: 1\n").is_err());
        assert!(parse("a: [1, 2]\n").is_err());
        assert!(parse("a: 1\na: 2\n").is_err());
        assert!(parse("a:\n  b: 1\n   c: 2\n").is_err());
    }
}
