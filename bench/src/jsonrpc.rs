//! The language server protocol's framing, for the programs that play the
//! editor: the benchmark harness and the server's tests (which include this
//! file). A message is a `Content-Length` header, a blank line and JSON.

use std::io::{BufRead, Write};

use serde_json::Value;

/// The next message, or `None` at the end of the stream or on a message
/// that is not framed JSON.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Writes `message`, framed, and flushes.
pub fn write_message(writer: &mut impl Write, message: &Value) -> std::io::Result<()> {
    let body = message.to_string();
    write!(writer, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    writer.flush()
}
