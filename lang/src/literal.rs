//! Data written back as Floe source: string and key literals, numbers, and
//! whole values. `floe repl` prints values with these, and `floe import`
//! writes imported YAML and JSON with them; reading the text back gives the
//! same data (a property the importer's round-trip tests hold it to).

use crate::data::comments::Segment;
use crate::data::Data;
use std::collections::HashMap;

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
        // Token boundaries from the parser, in order: the slices exist; a
        // text they would not fit is left as it is.
        let (Some(before), Some(kept), Some(body)) = (
            source.get(..*open),
            source.get(copied..open + 2),
            source.get(open + 2..*close),
        ) else {
            return source.to_string();
        };
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let depth = before
            .get(line_start..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ')
            .count();
        let pad = " ".repeat(depth + 2);
        out.push_str(kept);
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
    out.push_str(source.get(copied..).unwrap_or(""));
    out
}

/// Comments to write above fields and items, by their path.
pub type Comments = HashMap<Vec<Segment>, Vec<String>>;

/// `data` as Floe source on one line (the formatter lays it out), with
/// multi-line text as indented strings where they read back the same.
pub fn value(data: &Data) -> String {
    value_commented(data, &Comments::new(), Vec::new())
}

/// [`value`], with each comment block of `comments` above the field or
/// item at its path (`root` is the path of `data` itself).
pub fn value_commented(data: &Data, comments: &Comments, root: Vec<Segment>) -> String {
    let none = HashMap::new();
    let names = HashMap::new();
    let mut writer = Writer {
        out: String::new(),
        comments,
        path: root,
        shared: Shared {
            texts: &none,
            names: &names,
        },
        calls: &HashMap::new(),
    };
    writer.write(data);
    writer.out
}

/// Shortest text of a record or list worth a name of its own in
/// [`value_shared`].
const SHARED_MIN: usize = 100;

/// `data` as [`value_commented`] writes it, except that each record or
/// list of at least [`SHARED_MIN`] characters written more than once is
/// bound once in a `let` (named after the key it first stands under) and
/// named where it stands. The outermost repeated values are bound; what is
/// inside them is written in full.
pub fn value_shared(data: &Data, comments: &Comments) -> String {
    let layout = Layout {
        share: true,
        ..Layout::default()
    };
    value_laid_out(data, comments, &layout)
}

/// How [`value_laid_out`] writes a value beyond its data.
#[derive(Default)]
pub struct Layout<'a> {
    /// Bindings of the program's `let` before the shared values, as
    /// `name = value`; their names are not used for shared values.
    pub head: &'a [(String, String)],
    /// Values written inside a call: at each path, the text around the
    /// value, with `{}` where it goes.
    pub calls: &'a [(Vec<Segment>, String)],
    /// Whether values written more than once are bound once.
    pub share: bool,
}

/// `data` as [`value_shared`] writes it (or [`value_commented`], without
/// `layout.share`), inside the calls and after the bindings of `layout`.
pub fn value_laid_out(data: &Data, comments: &Comments, layout: &Layout) -> String {
    let mut texts: HashMap<*const Data, String> = HashMap::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    if layout.share {
        texts_of(data, &mut texts, &mut counts);
    }
    // The head's names are taken: a key of the head's own stands for
    // none of the data's texts.
    let mut names: HashMap<String, String> = layout
        .head
        .iter()
        .map(|(name, _)| (format!("\0{name}"), name.clone()))
        .collect();
    // The outermost repeated values, in the order they are first met.
    let mut bound: Vec<(String, String, Vec<Segment>)> = Vec::new();
    let mut path = Vec::new();
    choose(
        data, None, &texts, &counts, &mut names, &mut bound, &mut path,
    );
    let calls: HashMap<Vec<Segment>, String> = layout.calls.iter().cloned().collect();
    let mut writer = Writer {
        out: String::new(),
        comments,
        path: Vec::new(),
        shared: Shared {
            texts: &texts,
            names: &names,
        },
        calls: &calls,
    };
    if bound.is_empty() && layout.head.is_empty() {
        writer.write(data);
        return writer.out;
    }
    writer.out.push_str("let\n");
    for (name, value) in layout.head {
        writer.out.push_str(&format!("{name} = {value},\n"));
    }
    for (text, name, at) in &bound {
        let value = bound_value(data, at).unwrap_or(&Data::Null);
        debug_assert_eq!(texts.get(&(value as *const Data)), Some(text));
        writer.out.push_str(&format!("{name} = "));
        writer.path = at.clone();
        // The bound value itself is written in full.
        writer.write_plain(value);
        writer.out.push_str(",\n");
    }
    writer.out.push_str("in\n");
    writer.path = Vec::new();
    writer.write(data);
    writer.out
}

/// The value at `path` in `data`.
fn bound_value<'d>(data: &'d Data, path: &[Segment]) -> Option<&'d Data> {
    let Some((first, rest)) = path.split_first() else {
        return Some(data);
    };
    match (data, first) {
        (Data::Record(fields), Segment::Key(k)) => {
            bound_value(&fields.iter().find(|(name, _)| name == k)?.1, rest)
        }
        (Data::List(items), Segment::Index(i)) => bound_value(items.get(*i)?, rest),
        _ => None,
    }
}

/// Longest text of a value [`value_shared`] considers: the texts are
/// built bottom-up from the parts' texts, and a part past this length
/// makes its whole too long as well, so the work stays linear in the data.
const SHARED_MAX: usize = 16 * 1024;

/// The plain text of each record and list of `data` of at least
/// [`SHARED_MIN`] and at most [`SHARED_MAX`] characters, by address, and
/// how often each text occurs; `data`'s own text when it is short enough.
fn texts_of(
    data: &Data,
    texts: &mut HashMap<*const Data, String>,
    counts: &mut HashMap<String, usize>,
) -> Option<String> {
    let text = match data {
        Data::List(items) => {
            let mut parts = Vec::with_capacity(items.len());
            let mut fits = true;
            for item in items.iter() {
                match texts_of(item, texts, counts) {
                    Some(t) if fits => parts.push(t),
                    _ => fits = false,
                }
            }
            fits.then(|| format!("[{}]", parts.join(", ")))
        }
        Data::Record(fields) if fields.is_empty() => Some("{}".to_string()),
        Data::Record(fields) => {
            let mut parts = Vec::with_capacity(fields.len());
            let mut fits = true;
            for (k, v) in fields.iter() {
                match texts_of(v, texts, counts) {
                    Some(t) if fits => parts.push(format!("{} = {t}", key(k))),
                    _ => fits = false,
                }
            }
            fits.then(|| format!("{{ {} }}", parts.join(", ")))
        }
        leaf => Some(value(leaf)),
    }
    .filter(|t| t.len() <= SHARED_MAX)?;
    if matches!(data, Data::List(_) | Data::Record(_)) && text.len() >= SHARED_MIN {
        *counts.entry(text.clone()).or_default() += 1;
        texts.insert(data as *const Data, text.clone());
    }
    Some(text)
}

/// Picks the outermost repeated values top-down, naming each after the
/// key it first stands under.
fn choose(
    data: &Data,
    key: Option<&str>,
    texts: &HashMap<*const Data, String>,
    counts: &HashMap<String, usize>,
    names: &mut HashMap<String, String>,
    bound: &mut Vec<(String, String, Vec<Segment>)>,
    path: &mut Vec<Segment>,
) {
    if let Some(text) = texts.get(&(data as *const Data)) {
        if counts.get(text).copied().unwrap_or(0) > 1 {
            if !names.contains_key(text) {
                // A record that names itself (`{ name = "DAGSTER_HOME", … }`)
                // is called by its name, else by its key.
                let own = match data.get("name") {
                    Some(Data::Text(t)) => Some(t.as_ref()),
                    _ => None,
                };
                let name = fresh_name(own.or(key), names);
                names.insert(text.clone(), name.clone());
                bound.push((text.clone(), name, path.clone()));
            }
            return;
        }
    }
    match data {
        Data::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                choose(item, key, texts, counts, names, bound, path);
                path.pop();
            }
        }
        Data::Record(fields) => {
            for (k, v) in fields.iter() {
                path.push(Segment::Key(k.clone()));
                choose(v, Some(k), texts, counts, names, bound, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A name for a value first met under `key`: the key made a name, never a
/// keyword or builtin, numbered when taken.
fn fresh_name(key: Option<&str>, names: &HashMap<String, String>) -> String {
    // `matchLabels` → `match_labels`, `app.kubernetes.io/name` →
    // `app_kubernetes_io_name`.
    let mut stem = String::new();
    let mut previous = ' ';
    for c in key.unwrap_or("value").chars() {
        if c.is_ascii_uppercase() {
            // A word starts where a capital follows a small letter or digit.
            if (previous.is_ascii_lowercase() || previous.is_ascii_digit()) && !stem.ends_with('_')
            {
                stem.push('_');
            }
            stem.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('_') {
            stem.push('_');
        }
        previous = c;
    }
    let stem = stem.trim_end_matches('_');
    let mut stem = if stem.is_empty() {
        "value".to_string()
    } else {
        stem.to_string()
    };
    if !stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
        stem.insert_str(0, "v_");
    }
    if !is_name(&stem) || crate::builtins::Builtin::by_name(&stem).is_some() || stem == "it" {
        stem.push_str("_value");
    }
    let taken = |n: &str| names.values().any(|v| v == n);
    let mut name = stem.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{stem}_{n}");
        n += 1;
    }
    name
}

/// Values bound by [`value_shared`]: texts by address, names by text.
struct Shared<'a> {
    texts: &'a HashMap<*const Data, String>,
    names: &'a HashMap<String, String>,
}

struct Writer<'a> {
    out: String,
    comments: &'a Comments,
    path: Vec<Segment>,
    shared: Shared<'a>,
    calls: &'a HashMap<Vec<Segment>, String>,
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

    /// `data`, or the name it is bound to, inside its call if it has one.
    fn write(&mut self, data: &Data) {
        let calls = self.calls;
        let call = (!calls.is_empty())
            .then(|| calls.get(&self.path))
            .flatten()
            .map(|call| call.split_once("{}").unwrap_or((call, "")));
        match call {
            Some((before, after)) => {
                self.out.push_str(before);
                self.write_data(data);
                self.out.push_str(after);
            }
            None => self.write_data(data),
        }
    }

    /// `data`, or the name it is bound to.
    fn write_data(&mut self, data: &Data) {
        let name = self
            .shared
            .texts
            .get(&(data as *const Data))
            .and_then(|text| self.shared.names.get(text));
        match name {
            Some(name) => self.out.push_str(name),
            None => self.write_plain(data),
        }
    }

    /// `data` itself, its parts named where they are bound.
    fn write_plain(&mut self, data: &Data) {
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
    use std::sync::Arc;

    #[test]
    fn strings_escape_what_floe_would_read_otherwise() {
        assert_eq!(quote("a\"b\\c\n${x} $y"), r#""a\"b\\c\n\${x} $y""#);
    }

    #[test]
    fn values_written_twice_are_bound_once() {
        let env = Data::Record(
            vec![
                (
                    Arc::from("name"),
                    Data::Text("OTEL_EXPORTER_OTLP_ENDPOINT".into()),
                ),
                (
                    Arc::from("value"),
                    Data::Text("http://collector.floe-platform.svc.cluster.local:4317".into()),
                ),
            ]
            .into(),
        );
        let container = |name: &str| {
            Data::Record(
                vec![
                    (Arc::from("name"), Data::Text(name.into())),
                    (Arc::from("env"), Data::List(vec![env.clone()].into())),
                ]
                .into(),
            )
        };
        let data = Data::List(vec![container("a"), container("b")].into());
        let text = value_shared(&data, &Comments::new());
        // The outermost repeated value, the list, is bound, after its key.
        assert!(
            text.starts_with("let\nenv = [{ name = \"OTEL_EXPORTER_OTLP_ENDPOINT\""),
            "{text}"
        );
        assert!(
            text.ends_with("in\n[{ name = \"a\", env = env }, { name = \"b\", env = env }]"),
            "{text}"
        );
        assert_eq!(
            fresh_name(Some("matchLabels"), &HashMap::new()),
            "match_labels"
        );
        assert_eq!(fresh_name(Some("map"), &HashMap::new()), "map_value");
        assert_eq!(fresh_name(Some("3rd"), &HashMap::new()), "v_3rd");
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
