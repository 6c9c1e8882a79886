//! Plain data: the fully evaluated form of a value, shared between threads
//! and cached by the database. JSON and YAML files load into it, and output
//! is written from it.

pub mod comments;
pub mod json;
mod sink;
pub mod yaml;

pub use sink::Sink;

use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::source::FileKind;

/// A fully evaluated value. Records keep their key order.
#[derive(Clone, Debug)]
pub enum Data {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A finite float.
    Float(f64),
    /// Text.
    Text(Arc<str>),
    /// A list.
    List(Arc<[Data]>),
    /// A record, keys in order.
    Record(Arc<[(Arc<str>, Data)]>),
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        match (self, other) {
            (Data::Null, Data::Null) => true,
            (Data::Bool(a), Data::Bool(b)) => a == b,
            (Data::Int(a), Data::Int(b)) => a == b,
            // Bitwise, so that equality is reflexive and salsa can compare.
            (Data::Float(a), Data::Float(b)) => a.to_bits() == b.to_bits(),
            // Shared subtrees (an unchanged imported file's value in two
            // evaluations) are equal without being walked.
            (Data::Text(a), Data::Text(b)) => Arc::ptr_eq(a, b) || a == b,
            (Data::List(a), Data::List(b)) => Arc::ptr_eq(a, b) || a == b,
            (Data::Record(a), Data::Record(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl Eq for Data {}

impl std::hash::Hash for Data {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Data::Null => {}
            Data::Bool(b) => b.hash(state),
            Data::Int(n) => n.hash(state),
            // Bitwise, consistent with equality.
            Data::Float(x) => x.to_bits().hash(state),
            Data::Text(t) => t.hash(state),
            Data::List(items) => items.hash(state),
            Data::Record(fields) => fields.hash(state),
        }
    }
}

impl Data {
    /// The field `key` of a record.
    pub fn get(&self, key: &str) -> Option<&Data> {
        match self {
            Data::Record(fields) => fields.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Null => serializer.serialize_unit(),
            Data::Bool(b) => serializer.serialize_bool(*b),
            Data::Int(n) => serializer.serialize_i64(*n),
            Data::Float(x) => serializer.serialize_f64(*x),
            Data::Text(t) => serializer.serialize_str(t),
            Data::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Data::Record(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (k, v) in fields.iter() {
                    map.serialize_entry(&**k, v)?;
                }
                map.end()
            }
        }
    }
}

impl Data {
    /// A lower bound on the bytes `self` takes written out in either
    /// format, counting shared parts as often as they are written (as the
    /// output does) but visiting each only once: a list of itself doubled
    /// forty times is measured in forty steps, not 2⁴⁰. Saturates at
    /// `u64::MAX`.
    pub fn written_size(&self) -> u64 {
        let mut memo = rustc_hash::FxHashMap::default();
        written_size(self, &mut memo)
    }
}

fn written_size(d: &Data, memo: &mut rustc_hash::FxHashMap<usize, u64>) -> u64 {
    // Only a part held more than once can be met again: only those are
    // remembered.
    let (key, shared) = match d {
        Data::List(items) => (items.as_ptr() as usize, Arc::strong_count(items) > 1),
        Data::Record(fields) => (fields.as_ptr() as usize, Arc::strong_count(fields) > 1),
        Data::Text(t) => return t.len() as u64 + 2,
        _ => return 1,
    };
    if let Some(&n) = shared.then(|| memo.get(&key)).flatten() {
        return n;
    }
    let n = stacker::maybe_grow(64 * 1024, 1024 * 1024, || match d {
        Data::List(items) => items.iter().fold(2u64, |n, i| {
            n.saturating_add(written_size(i, memo).saturating_add(1))
        }),
        Data::Record(fields) => fields.iter().fold(2u64, |n, (k, v)| {
            n.saturating_add(k.len() as u64 + 2)
                .saturating_add(written_size(v, memo))
        }),
        _ => 1,
    });
    if shared {
        memo.insert(key, n);
    }
    n
}

/// Why a data file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// `JSON` or `YAML`.
    pub format: &'static str,
    /// What the parser said.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The byte offset of 1-based `line` and 1-based `column` counted in
/// characters; the end of the text if there is no such place.
fn char_offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = offset_of(text, line, 1);
    let rest = text.get(start..).unwrap_or("");
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Parses JSON or YAML text. A YAML stream of several documents is a list.
pub fn load(kind: FileKind, text: &str) -> Result<Data, DataError> {
    match kind {
        FileKind::Json => from_json(text),
        FileKind::Yaml | FileKind::Floe => from_yaml(text),
    }
}

/// Parses JSON text. Integers that do not fit in 64 bits and keys given
/// twice in one object are errors, not silently a float or the last value.
pub fn from_json(text: &str) -> Result<Data, DataError> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(text);
    let huge = std::cell::Cell::new(false);
    let data = JsonData(&huge)
        .deserialize(&mut reader)
        .and_then(|d| reader.end().map(|()| d))
        .map_err(|e| DataError {
            format: "JSON",
            message: e.to_string(),
            offset: offset_of(text, e.line(), e.column()),
        })?;
    // Integers beyond even 64 unsigned bits reach the reader as floats;
    // only when such a float was met is the text searched for one.
    if let Some((offset, digits)) = huge.get().then(|| oversized_integer(text)).flatten() {
        return Err(DataError {
            format: "JSON",
            message: format!(
                "the integer {digits} does not fit in 64 bits (write it as text, or as a float like {digits}.0)"
            ),
            offset,
        });
    }
    Ok(data)
}

/// The first integer literal (no fraction, no exponent) of the JSON text
/// `text` that does not fit in 64 bits, with its offset.
fn oversized_integer(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                let is_integer = !matches!(bytes.get(i), Some(b'.' | b'e' | b'E'));
                let literal = text.get(start..i).unwrap_or("");
                if is_integer && literal.len() > 18 && literal.parse::<i64>().is_err() {
                    return Some((start, literal));
                }
                while bytes.get(i).is_some_and(|c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Reads one JSON value straight into [`Data`].
/// The flag is set when a float that could be an oversized integer is met.
struct JsonData<'a>(&'a std::cell::Cell<bool>);

impl<'de> serde::de::DeserializeSeed<'de> for JsonData<'_> {
    type Value = Data;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Data, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonData<'_> {
    type Value = Data;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Data, E> {
        Ok(Data::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Data, E> {
        Ok(Data::Int(n))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Data, E> {
        i64::try_from(n).map(Data::Int).map_err(|_| {
            E::custom(format_args!(
                "the integer {n} does not fit in 64 bits (write it as text, or as a float like {n}.0)"
            ))
        })
    }

    fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<Data, E> {
        if x.abs() >= 9.2e18 && x.fract() == 0.0 {
            self.0.set(true);
        }
        if x.is_finite() {
            Ok(Data::Float(x))
        } else {
            Err(E::custom("the number is too large to be represented"))
        }
    }

    fn visit_str<E>(self, s: &str) -> Result<Data, E> {
        Ok(Data::Text(Arc::from(s)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Data, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(JsonData(self.0))? {
            items.push(item);
        }
        Ok(Data::List(items.into()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let mut fields: Vec<(Arc<str>, Data)> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key: Arc<str> = Arc::from(key.as_ref());
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key \"{key}\" is given twice in this object"
                )));
            }
            fields.push((key, map.next_value_seed(JsonData(self.0))?));
        }
        Ok(Data::Record(fields.into()))
    }
}

/// Parses YAML text; several documents become a list.
pub fn from_yaml(text: &str) -> Result<Data, DataError> {
    let mut docs = yaml_documents(text)?;
    Ok(match docs.len() {
        0 => Data::Null,
        1 => docs.pop().unwrap_or(Data::Null),
        _ => Data::List(docs.into()),
    })
}

/// Parses a YAML stream into its documents, refusing what [`from_yaml`]
/// refuses (alias bombs, duplicate keys, tags), and, being exact, also
/// keys that are not text and integers beyond 64 bits, which would not
/// be written back as they were read.
pub fn yaml_documents_exact(text: &str) -> Result<Vec<Data>, DataError> {
    documents(text, true)
}

fn yaml_documents(text: &str) -> Result<Vec<Data>, DataError> {
    documents(text, false)
}

/// Core-schema tags, which only say what the value is read as anyway.
const CORE_TAGS: &[&str] = &["str", "int", "float", "bool", "null", "map", "seq"];

/// The first tag in `text` that is not a core-schema tag (`!Ref`,
/// `!!python/object:…`), with its byte offset: a tag gives a value a
/// meaning Floe would drop, and serde_norway reads `!!` tags it does not
/// know as plain values. Text that does not parse is left to serde_norway
/// to report.
fn foreign_tag(text: &str) -> Option<(String, usize)> {
    use saphyr_parser::{Event, Parser};
    if !text.contains('!') {
        return None;
    }
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, tag)
            | Event::MappingStart(_, tag) => tag.as_deref(),
            _ => None,
        };
        if let Some(tag) = tag {
            if !(tag.is_yaml_core_schema() && CORE_TAGS.contains(&tag.suffix.as_str())) {
                let offset = text
                    .char_indices()
                    .nth(span.start.index())
                    .map_or(text.len(), |(i, _)| i);
                let shown = if tag.is_yaml_core_schema() {
                    format!("!!{}", tag.suffix)
                } else {
                    tag.to_string()
                };
                return Some((shown, offset));
            }
        }
    }
    None
}

fn documents(text: &str, exact: bool) -> Result<Vec<Data>, DataError> {
    if let Some((tag, offset)) = foreign_tag(text) {
        return Err(DataError {
            format: "YAML",
            message: format!(
                "the tag `{tag}` is not one Floe reads: its meaning would be lost (remove it, or quote the value)"
            ),
            offset,
        });
    }
    let err = |e: serde_norway::Error| DataError {
        format: "YAML",
        // The reader counts columns in characters, not bytes.
        offset: e
            .location()
            .map_or(0, |l| char_offset_of(text, l.line(), l.column())),
        message: e.to_string(),
    };
    // Aliases repeat what they name: measure what the documents expand to
    // before building any of it.
    let budget = std::cell::Cell::new(expansion_budget(text.len()));
    for doc in serde_norway::Deserializer::from_str(text) {
        use serde::de::DeserializeSeed;
        Measure(&budget).deserialize(doc).map_err(err)?;
    }
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        let value = serde_norway::Value::deserialize_from(doc).map_err(err)?;
        docs.push(
            yaml_to_data(&value, exact, &mut Vec::new()).map_err(|message| DataError {
                format: "YAML",
                message,
                offset: 0,
            })?,
        );
    }
    Ok(docs)
}

/// Bytes of scalars, repetitions through aliases included, that a YAML
/// text of `len` bytes may expand to: far more than any real use of
/// anchors, far less than an alias bomb.
fn expansion_budget(len: usize) -> u64 {
    (len as u64).saturating_mul(16).saturating_add(16 << 20)
}

/// Walks a YAML document as the reader expands it, counting the bytes of
/// its scalars (and a few per item) against a budget; fails past it.
struct Measure<'a>(&'a std::cell::Cell<u64>);

impl Measure<'_> {
    fn take<E: serde::de::Error>(&self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes as u64 + 8) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "aliases expand this file to far more data than it holds (an alias bomb?)",
            )),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take(0)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take(0)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take(0)
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.take(s.len())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take(0)?;
        while seq.next_element_seed(Measure(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take(0)?;
        while map.next_key_seed(Measure(self.0))?.is_some() {
            map.next_value_seed(Measure(self.0))?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value: the tag, then the value.
        use serde::de::VariantAccess;
        let ((), value) = data.variant_seed(Measure(self.0))?;
        value.newtype_variant_seed(Measure(self.0))
    }
}

trait DeserializeFrom: Sized {
    fn deserialize_from(d: serde_norway::Deserializer<'_>) -> Result<Self, serde_norway::Error>;
}

impl DeserializeFrom for serde_norway::Value {
    fn deserialize_from(d: serde_norway::Deserializer<'_>) -> Result<Self, serde_norway::Error> {
        serde::Deserialize::deserialize(d)
    }
}

/// Where in a YAML document a value is, for messages: `spec.ports[0]`.
fn path_text(path: &[String]) -> String {
    if path.is_empty() {
        "the document".to_string()
    } else {
        format!("`{}`", path.concat().trim_start_matches('.'))
    }
}

/// Converts a YAML value. `exact` refuses what would not come back the
/// same when the data is written out again (as `floe import` needs): a
/// key that is not text (`1: one` would come back as `"1": one`), an
/// integer beyond 64 bits (it would come back as a float).
fn yaml_to_data(
    value: &serde_norway::Value,
    exact: bool,
    path: &mut Vec<String>,
) -> Result<Data, String> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Data::Null,
        Y::Bool(b) => Data::Bool(*b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Data::Int(i),
            None if exact && (n.is_u64() || n.is_i64()) => {
                return Err(format!(
                    "the integer {n} at {} is beyond 64 bits",
                    path_text(path)
                ))
            }
            None => match n.as_f64() {
                Some(x) if x.is_finite() => Data::Float(x),
                _ => return Err(format!("the number {n} cannot be represented")),
            },
        },
        Y::String(s) => Data::Text(Arc::from(s.as_str())),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(format!("[{i}]"));
                out.push(yaml_to_data(item, exact, path)?);
                path.pop();
            }
            Data::List(out.into())
        }
        Y::Mapping(map) => {
            let mut fields: Vec<(Arc<str>, Data)> = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key: Arc<str> = match k {
                    Y::String(s) => Arc::from(s.as_str()),
                    Y::Number(_) | Y::Bool(_) | Y::Null if exact => {
                        return Err(format!(
                            "the key `{}` in {} is not text (quote it to make it text)",
                            serde_norway::to_string(k).unwrap_or_default().trim(),
                            path_text(path)
                        ))
                    }
                    Y::Number(n) => Arc::from(n.to_string().as_str()),
                    Y::Bool(b) => Arc::from(b.to_string().as_str()),
                    Y::Null => Arc::from("null"),
                    _ => {
                        return Err(format!(
                            "a mapping key in {} is not a scalar",
                            path_text(path)
                        ))
                    }
                };
                path.push(format!(".{key}"));
                fields.push((key, yaml_to_data(v, exact, path)?));
                path.pop();
            }
            Data::Record(fields.into())
        }
        // A tag gives a value a meaning Floe would drop (`!Ref`, a
        // language's object): refused rather than read as its text.
        Y::Tagged(tagged) => {
            return Err(format!(
                "the tag `{}` at {} is not one Floe reads (remove it, or quote the value)",
                tagged.tag,
                path_text(path)
            ))
        }
    })
}
