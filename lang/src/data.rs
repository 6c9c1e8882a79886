//! Plain data: the fully evaluated form of a value, shared between threads
//! and cached by the database. JSON and YAML files load into it, and output
//! is written from it.

use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::db::FileKind;

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

/// Parses JSON or YAML text. A YAML stream of several documents is a list.
pub fn load(kind: FileKind, text: &str) -> Result<Data, DataError> {
    match kind {
        FileKind::Json => from_json(text),
        FileKind::Yaml | FileKind::Floe => from_yaml(text),
    }
}

/// Parses JSON text.
pub fn from_json(text: &str) -> Result<Data, DataError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| DataError {
        format: "JSON",
        message: e.to_string(),
        offset: offset_of(text, e.line(), e.column()),
    })?;
    Ok(json_to_data(&value))
}

fn json_to_data(value: &serde_json::Value) -> Data {
    match value {
        serde_json::Value::Null => Data::Null,
        serde_json::Value::Bool(b) => Data::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Data::Int(i),
            None => Data::Float(n.as_f64().unwrap_or(f64::MAX)),
        },
        serde_json::Value::String(s) => Data::Text(Arc::from(s.as_str())),
        serde_json::Value::Array(items) => Data::List(items.iter().map(json_to_data).collect()),
        serde_json::Value::Object(map) => Data::Record(
            map.iter()
                .map(|(k, v)| (Arc::from(k.as_str()), json_to_data(v)))
                .collect(),
        ),
    }
}

/// Parses YAML text; several documents become a list.
pub fn from_yaml(text: &str) -> Result<Data, DataError> {
    let err = |e: serde_norway::Error| DataError {
        format: "YAML",
        offset: e.location().map_or(0, |l| l.index()).min(text.len()),
        message: e.to_string(),
    };
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        let value = serde_norway::Value::deserialize_from(doc).map_err(err)?;
        docs.push(yaml_to_data(&value).map_err(|message| DataError {
            format: "YAML",
            message,
            offset: 0,
        })?);
    }
    Ok(match docs.len() {
        0 => Data::Null,
        1 => docs.pop().unwrap_or(Data::Null),
        _ => Data::List(docs.into()),
    })
}

trait DeserializeFrom: Sized {
    fn deserialize_from(d: serde_norway::Deserializer<'_>) -> Result<Self, serde_norway::Error>;
}

impl DeserializeFrom for serde_norway::Value {
    fn deserialize_from(d: serde_norway::Deserializer<'_>) -> Result<Self, serde_norway::Error> {
        serde::Deserialize::deserialize(d)
    }
}

fn yaml_to_data(value: &serde_norway::Value) -> Result<Data, String> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Data::Null,
        Y::Bool(b) => Data::Bool(*b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Data::Int(i),
            None => match n.as_f64() {
                Some(x) if x.is_finite() => Data::Float(x),
                _ => return Err(format!("the number {n} cannot be represented")),
            },
        },
        Y::String(s) => Data::Text(Arc::from(s.as_str())),
        Y::Sequence(items) => Data::List(items.iter().map(yaml_to_data).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut fields: Vec<(Arc<str>, Data)> = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key: Arc<str> = match k {
                    Y::String(s) => Arc::from(s.as_str()),
                    Y::Number(n) => Arc::from(n.to_string().as_str()),
                    Y::Bool(b) => Arc::from(b.to_string().as_str()),
                    Y::Null => Arc::from("null"),
                    _ => return Err("a mapping key must be a scalar".to_string()),
                };
                fields.push((key, yaml_to_data(v)?));
            }
            Data::Record(fields.into())
        }
        Y::Tagged(tagged) => yaml_to_data(&tagged.value)?,
    })
}
