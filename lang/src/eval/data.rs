//! Plain data inside the evaluator: data unfolded into values one level at
//! a time, and the data a value was unfolded from remembered, so that
//! output can take an untouched part whole.

use std::rc::Rc;

use super::value::{Origin, State, Thunk, Value};
use super::Evaluator;
use crate::data::Data;

/// The address of a record's or list's contents, which identifies it.
fn value_address(v: &Value<'_>) -> Option<usize> {
    match v {
        Value::Record(r) => Some(Rc::as_ptr(r) as usize),
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        _ => None,
    }
}

impl<'db> Evaluator<'db> {
    /// Notes the data a record or list was unfolded from, or (when shared)
    /// forced into, so that meeting it again costs nothing and yields the
    /// same, shared data.
    pub(crate) fn remember_data(&mut self, v: &Value<'db>, data: Data) {
        if let Some(at) = value_address(v) {
            self.unfolded.insert(at, (v.clone(), data));
        }
    }

    /// The plain data a record or list was unfolded from or forced into, if
    /// it was.
    pub(crate) fn unfolded_data(&self, v: &Value<'db>) -> Option<&Data> {
        if self.unfolded.is_empty() {
            return None;
        }
        self.unfolded.get(&value_address(v)?).map(|(_, d)| d)
    }
}

/// Turns plain data (an imported file's value, JSON or YAML) into a value,
/// one level deep: the items or fields stay data until demanded, so a
/// large value costs nothing until used, and output takes untouched parts
/// whole.
pub fn from_data<'db>(data: &Data, origin: Option<&Origin>) -> Value<'db> {
    match data {
        Data::Null => Value::Null,
        Data::Bool(b) => Value::Bool(*b),
        Data::Int(n) => Value::Int(*n),
        Data::Float(x) => Value::Float(*x),
        Data::Text(t) => Value::Text(t.clone()),
        Data::List(items) => Value::List(Rc::new(
            items
                .iter()
                .enumerate()
                .map(|(i, d)| Thunk::new(State::Data(d.clone(), origin.and_then(|o| o.item(i)))))
                .collect(),
        )),
        Data::Record(fields) => Value::Record(Rc::new(
            fields
                .iter()
                .enumerate()
                .map(|(i, (k, v))| {
                    let origin = origin.and_then(|o| o.field(i, k));
                    (k.clone(), Thunk::new(State::Data(v.clone(), origin)))
                })
                .collect(),
        )),
    }
}
