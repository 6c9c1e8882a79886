//! The files Floe would write, modelled on plain data: a change laid over
//! the baseline's file the way layering lays a child over its parent.

use serde_json::{Map, Value};

/// Lays `value` over `target` at `path`: records merge, anything else
/// replaces.
pub(super) fn set(target: &mut Value, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        merge(target, value);
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        set(map.entry(first.clone()).or_insert(Value::Null), rest, value);
    }
}

fn merge(target: &mut Value, value: Value) {
    match (target, value) {
        (Value::Object(old), Value::Object(new)) => {
            for (k, v) in new {
                merge(old.entry(k).or_insert(Value::Null), v);
            }
        }
        (target, value) => *target = value,
    }
}

pub(super) fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, compact(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}
