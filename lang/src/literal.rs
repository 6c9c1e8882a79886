//! Data written back as Floe source: string and key literals, numbers, and
//! whole values. `floe repl` prints values with these, and `floe import`
//! writes imported YAML and JSON with them; reading the text back gives the
//! same data (a property the importer's round-trip tests hold it to).

use crate::data::comments::Segment;
use crate::data::Data;
use crate::syntax::lexer::{is_name, keyword};

/// `text` as an ordinary string literal: `"`, `\`, control characters and
/// a `$` before `{` escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A record key: bare when it is a name or a keyword (Floe allows any
/// keyword as a key), else quoted.
pub fn key(k: &str) -> String {
    if is_name(k) || keyword(k).is_some() {
        k.to_string()
    } else {
        quote(k)
    }
}

/// An integer literal; the one negative number whose magnitude has no
/// literal is written as a difference.
pub fn int(n: i64) -> String {
    if n == i64::MIN {
        format!("({} - 1)", i64::MIN + 1)
    } else {
        n.to_string()
    }
}

/// A float literal that reads back as the same float (Rust's shortest
/// round-tripping form: `1.0`, `2.5e-7`, `1e300`).
pub fn float(x: f64) -> String {
    format!("{x:?}")
}

/// `text` as an indented string (`''…''`), its lines indented by
/// `indent` spaces, when that reads back as exactly `text`; `None` when
/// it would not: text without a line break, with a carriage return or a
/// tab, whose lines all start with white space (the common indentation
/// would be removed), with a line of only spaces (dropped or shortened),
/// or ending in `'` (which would join the closing `''`).
pub fn indented(text: &str, indent: usize) -> Option<String> {
    if !text.contains('\n') || text.contains(['\r', '\t']) || text.ends_with('\'') {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.iter().any(|l| !l.is_empty() && l.trim().is_empty()) {
        return None;
    }
    // Some line with content must start at the margin, or the common
    // indentation would be taken off with the block's own.
    if !lines.iter().any(|l| !l.is_empty() && !l.starts_with(' ')) {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("''\n");
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        let escaped = line.replace("''", "'''").replace("${", "''${");
        if i < last {
            if !escaped.is_empty() {
                out.push_str(&pad);
                out.push_str(&escaped);
            }
            out.push('\n');
        } else if escaped.is_empty() {
            // The text ends with a line break: the closing line holds only
            // its indentation, which is dropped.
            out.push_str(&pad);
            out.push_str("''");
        } else {
            out.push_str(&pad);
            out.push_str(&escaped);
            out.push_str("''");
        }
    }
    Some(out)
}

/// `source` (formatted, holding indented strings made by [`value`], each
/// with its lines indented by two spaces) with each indented string's
/// lines indented two spaces deeper than the line it opens on. Floe takes
/// off the common indentation of an indented string, so the value is the
/// same; the text reads as nested where the string stands.
pub fn align_indented(source: &str) -> String {
    use crate::syntax::SyntaxKind;
    let parse = crate::syntax::Parse::of(source);
    let quotes: Vec<usize> = parse
        .tree
        .root()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == SyntaxKind::IndQuote)
        .map(|t| usize::from(t.text_range().start()))
        .collect();
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for pair in quotes.chunks(2) {
        let [open, close] = pair else { break };
        let line_start = source[..*open].rfind('\n').map_or(0, |i| i + 1);
        let depth = source[line_start..]
            .chars()
            .take_while(|c| *c == ' ')
            .count();
        let pad = " ".repeat(depth + 2);
        let body_start = open + 2;
        out.push_str(&source[copied..body_start]);
        let body = &source[body_start..*close];
        let mut lines = body.split('\n');
        if let Some(first) = lines.next() {
            out.push_str(first);
        }
        for line in lines {
            out.push('\n');
            if let Some(rest) = line.strip_prefix("  ") {
                out.push_str(&pad);
                out.push_str(rest);
            } else {
                out.push_str(line);
            }
        }
        copied = *close;
    }
    out.push_str(&source[copied..]);
    out
}

/// Comments to write above fields and items, by their path.
pub type Comments = std::collections::HashMap<Vec<Segment>, Vec<String>>;

/// `data` as Floe source on one line (the formatter lays it out), with
/// multi-line text as indented strings where they read back the same.
pub fn value(data: &Data) -> String {
    value_commented(data, &Comments::new(), Vec::new())
}

/// [`value`], with each comment block of `comments` above the field or
/// item at its path (`root` is the path of `data` itself).
pub fn value_commented(data: &Data, comments: &Comments, root: Vec<Segment>) -> String {
    let mut writer = Writer {
        out: String::new(),
        comments,
        path: root,
    };
    writer.write(data);
    writer.out
}

struct Writer<'a> {
    out: String,
    comments: &'a Comments,
    path: Vec<Segment>,
}

impl Writer<'_> {
    /// The comments of the element at `segment`, each line ending the
    /// line it is on (the formatter keeps them above the element).
    fn comment(&mut self, segment: Segment) {
        self.path.push(segment);
        if let Some(lines) = self.comments.get(&self.path) {
            self.out.push('\n');
            for line in lines {
                self.out.push_str("# ");
                self.out.push_str(line);
                self.out.push('\n');
            }
        }
    }

    fn write(&mut self, data: &Data) {
        match data {
            Data::Null => self.out.push_str("null"),
            Data::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Data::Int(n) => self.out.push_str(&int(*n)),
            Data::Float(x) => self.out.push_str(&float(*x)),
            Data::Text(t) => match indented(t, 2) {
                Some(block) => self.out.push_str(&block),
                None => self.out.push_str(&quote(t)),
            },
            Data::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.comment(Segment::Index(i));
                    self.write(item);
                    self.path.pop();
                }
                self.out.push(']');
            }
            Data::Record(fields) => {
                if fields.is_empty() {
                    self.out.push_str("{}");
                    return;
                }
                self.out.push_str("{ ");
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.comment(Segment::Key(k.clone()));
                    self.out.push_str(&key(k));
                    self.out.push_str(" = ");
                    self.write(v);
                    self.path.pop();
                }
                self.out.push_str(" }");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_floe_would_read_otherwise() {
        assert_eq!(quote("a\"b\\c\n${x} $y"), r#""a\"b\\c\n\${x} $y""#);
    }

    #[test]
    fn indented_strings_only_where_they_read_back_the_same() {
        assert_eq!(indented("a\nb\n", 2).as_deref(), Some("''\n  a\n  b\n  ''"));
        assert_eq!(indented("a\n  b", 2).as_deref(), Some("''\n  a\n    b''"));
        assert_eq!(indented("  a\n  b\n", 2), None);
        assert_eq!(indented("a\n  \nb", 2), None);
        assert_eq!(indented("it's\n", 2).as_deref(), Some("''\n  it's\n  ''"));
        assert_eq!(indented("one line", 2), None);
    }
}
