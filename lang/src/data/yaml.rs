//! A YAML writer for plain data, in block style.
//!
//! Strings are quoted whenever a YAML 1.1 or 1.2 reader could take them
//! for anything but a string (`yes`, `off`, `~`, `1.0`, `2024-01-01`,
//! `0x1F`, …), because real consumers include both kinds: PyYAML (YAML
//! 1.1) and Go's YAML libraries behind `kubectl`. Floats always carry a
//! decimal point so that they read back as floats in both.

use super::{Data, Sink};

/// Appends `data` as a YAML document (no `---` marker) to `out`.
pub fn write_document(out: &mut Sink<'_>, data: &Data) {
    match data {
        Data::Record(fields) if !fields.is_empty() => write_record(out, fields, 0),
        Data::List(items) if !items.is_empty() => write_list(out, items, 0),
        scalar => {
            write_inline(out, scalar);
            out.push('\n');
        }
    }
}

fn indent(out: &mut Sink<'_>, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn write_record(out: &mut Sink<'_>, fields: &[(std::sync::Arc<str>, Data)], level: usize) {
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            indent(out, level);
        }
        write_string(out, key, false);
        out.push(':');
        write_value(out, value, level);
        out.flush_if_full();
    }
}

fn write_list(out: &mut Sink<'_>, items: &[Data], level: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Data::Record(fields) if !fields.is_empty() => write_record(out, fields, level + 2),
            Data::List(inner) if !inner.is_empty() => write_list(out, inner, level + 2),
            scalar => {
                write_scalar(out, scalar, level + 2);
            }
        }
        out.flush_if_full();
    }
}

/// Writes what follows `key:`.
fn write_value(out: &mut Sink<'_>, value: &Data, level: usize) {
    match value {
        Data::Record(fields) if !fields.is_empty() => {
            out.push('\n');
            indent(out, level + 2);
            write_record(out, fields, level + 2);
        }
        // Lists under a key are not indented, as kubectl writes them.
        Data::List(items) if !items.is_empty() => {
            out.push('\n');
            indent(out, level);
            write_list(out, items, level);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar, level + 2);
        }
    }
}

/// A scalar (or empty collection) followed by its line break; multi-line
/// text becomes a literal block indented to `level`.
fn write_scalar(out: &mut Sink<'_>, data: &Data, level: usize) {
    if let Data::Text(t) = data {
        if block_suitable(t) {
            let chomp = if t.ends_with("\n\n") {
                "+"
            } else if t.ends_with('\n') {
                ""
            } else {
                "-"
            };
            out.push('|');
            out.push_str(chomp);
            out.push('\n');
            let body = t.strip_suffix('\n').unwrap_or(t);
            for line in body.split('\n') {
                if !line.is_empty() {
                    indent(out, level);
                    out.push_str(line);
                }
                out.push('\n');
            }
            return;
        }
    }
    write_inline(out, data);
    out.push('\n');
}

fn write_inline(out: &mut Sink<'_>, data: &Data) {
    match data {
        Data::Null => out.push_str("null"),
        Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Data::Int(n) => out.push_str(&n.to_string()),
        Data::Float(x) => out.push_str(&float(*x)),
        Data::Text(t) => write_string(out, t, true),
        Data::List(_) => out.push_str("[]"),
        Data::Record(_) => out.push_str("{}"),
    }
}

/// A float that YAML 1.1 and 1.2 both read as a float: `1.0`, `1.5e+300`.
pub fn float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.to_string()
            } else {
                format!("{mantissa}.0")
            };
            let exp = if exp.starts_with('-') {
                exp.to_string()
            } else {
                format!("+{exp}")
            };
            format!("{mantissa}e{exp}")
        }
        None if s.contains('.') => s,
        None => format!("{s}.0"),
    }
}

/// Text that can be written as a literal block: several lines, printable,
/// no line that starts with a space on the first line (which would need an
/// indentation indicator), no trailing spaces, no carriage returns.
fn block_suitable(t: &str) -> bool {
    t.contains('\n')
        && !t.starts_with(' ')
        && !t.starts_with('\n')
        && t.chars()
            .all(|c| c == '\n' || (!c.is_control() && c != '\u{feff}'))
        && !t.split('\n').any(|l| l.ends_with(' ') || l.ends_with('\t'))
}

fn write_string(out: &mut Sink<'_>, s: &str, _value: bool) {
    if plain_safe(s) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
}

fn quoted(out: &mut Sink<'_>, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                let n = u32::from(c);
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `s` can be written without quotes and still be read back as
/// this exact string by YAML 1.1 and 1.2 readers. Deliberately strict:
/// quoting is always correct, leaving quotes out only when certain.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_' || first == '/') {
        return false;
    }
    let bytes = s.as_bytes();
    let allowed = |c: &u8| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'_' | b'-' | b'.' | b'/' | b'@' | b'+' | b':' | b' ' | b'=' | b'(' | b')'
            )
    };
    if !bytes.iter().all(allowed) || bytes.ends_with(b" ") || bytes.ends_with(b":") {
        return false;
    }
    // `: ` starts a mapping value; runs of spaces are not kept by every reader.
    if bytes.windows(2).any(|w| w == b": " || w == b"  ") {
        return false;
    }
    !reserved_word(s)
}

/// Words that YAML 1.1 or 1.2 read as booleans, null, or special floats.
fn reserved_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "nan", "inf",
    ];
    s.len() <= 5 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn text(s: &str) -> Data {
        Data::Text(Arc::from(s))
    }

    /// Every tricky string reads back as the same string.
    #[test]
    fn strings_round_trip() {
        let tricky = [
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "true",
            "False",
            "null",
            "~",
            "",
            " ",
            " lead",
            "trail ",
            "1",
            "1.0",
            "1e3",
            "0x1F",
            "0o17",
            "1_000",
            ".5",
            "-1",
            "+1",
            ".inf",
            "-.inf",
            ".nan",
            "2024-01-01",
            "12:30:00",
            "a: b",
            "a #b",
            "#c",
            "- x",
            "? x",
            "[a]",
            "{a}",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%x",
            "@x",
            "`x`",
            "a\nb",
            "a\nb\n",
            "a\n\n",
            "\na",
            " a\nb",
            "a \nb",
            "tab\there",
            "nul\u{0}",
            "bom\u{feff}",
            "é",
            "http://x:80/y",
            "<<",
            "=",
            "plain words",
            "a  b",
        ];
        for s in tricky {
            let doc = Data::Record(Arc::from(vec![
                (Arc::from("k"), text(s)),
                (Arc::from(s), Data::Int(1)),
            ]));
            let mut out = Sink::new();
            write_document(&mut out, &doc);
            let out = out.into_string();
            let back =
                crate::data::from_yaml(&out).unwrap_or_else(|e| panic!("{s:?}: {out}\n{e:?}"));
            assert_eq!(back, doc, "{s:?} as {out}");
        }
    }

    #[test]
    fn floats_keep_a_decimal_point() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(1e300), "1.0e+300");
        assert_eq!(float(2.5e-10), "2.5e-10");
        assert_eq!(float(-0.5), "-0.5");
    }
}
