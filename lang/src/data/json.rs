//! A JSON writer for output data, in the layout of `serde_json`'s pretty
//! printer (two-space indentation, `"key": value`, `[]` and `{}` for empty
//! containers). Written directly into one buffer: the output of a large
//! workspace is tens of megabytes, and a generic serializer spends most of
//! its time in per-token indirection and small copies.

use super::{Data, Sink};

/// Appends `data` as pretty-printed JSON to `out` (no final newline).
pub fn write(out: &mut Sink<'_>, data: &Data) {
    value(out, data, 0);
}

fn indent(out: &mut Sink<'_>, depth: usize) {
    /// Enough for the depth of almost any output, in one copy.
    const SPACES: &str = "\n                                                                ";
    match SPACES.get(..1 + 2 * depth) {
        Some(line) => out.push_str(line),
        None => {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
    }
}

fn value(out: &mut Sink<'_>, data: &Data, depth: usize) {
    match data {
        Data::Null => out.push_str("null"),
        Data::Bool(true) => out.push_str("true"),
        Data::Bool(false) => out.push_str("false"),
        Data::Int(n) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{n}");
        }
        // Floats are rare in configuration; serde_json's shortest
        // round-trip formatting keeps them exactly as before.
        Data::Float(x) => match serde_json::to_string(x) {
            Ok(s) => out.push_str(&s),
            Err(_) => out.push_str("null"),
        },
        Data::Text(t) => string(out, t),
        Data::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                value(out, item, depth + 1);
                out.flush_if_full();
            }
            indent(out, depth);
            out.push(']');
        }
        Data::Record(fields) => {
            if fields.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                string(out, k);
                out.push_str(": ");
                value(out, v, depth + 1);
                out.flush_if_full();
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

/// A JSON string literal, escaped as serde_json does: `"` and `\`, the
/// short escapes for control characters that have one, `\u00XX` for the
/// rest; everything else, non-ASCII included, as it is.
fn string(out: &mut Sink<'_>, s: &str) {
    /// Which bytes need an escape: `"`, `\` and control characters.
    const NEEDS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        table[b'"' as usize] = true;
        table[b'\\' as usize] = true;
        table
    };
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !NEEDS[b as usize] {
            continue;
        }
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::write;
    use crate::data::Data;

    fn text(s: &str) -> Data {
        Data::Text(Arc::from(s))
    }

    /// The writer agrees byte for byte with serde_json's pretty printer,
    /// escapes, nesting, empty containers and floats included.
    #[test]
    fn matches_serde_json_pretty() {
        let data = Data::Record(Arc::from(vec![
            (Arc::from("plain"), text("a b")),
            (
                Arc::from("esc\"aped"),
                text("q\" b\\ n\n r\r t\t \u{8}\u{c}\u{1}\u{1f} é ☃"),
            ),
            (Arc::from("n"), Data::Int(-42)),
            (Arc::from("x"), Data::Float(1.5e300)),
            (Arc::from("y"), Data::Float(0.1)),
            (Arc::from("whole"), Data::Float(3.0)),
            (Arc::from("t"), Data::Bool(true)),
            (Arc::from("z"), Data::Null),
            (Arc::from("empty_list"), Data::List(Arc::from(vec![]))),
            (Arc::from("empty_record"), Data::Record(Arc::from(vec![]))),
            (
                Arc::from("nested"),
                Data::List(Arc::from(vec![
                    Data::List(Arc::from(vec![Data::Int(1), text("2")])),
                    Data::Record(Arc::from(vec![(Arc::from("k"), Data::Bool(false))])),
                ])),
            ),
        ]));
        let mut ours = super::Sink::new();
        write(&mut ours, &data);
        let ours = ours.into_string();
        let theirs = serde_json::to_string_pretty(&data).unwrap();
        assert_eq!(ours, theirs);
    }
}
