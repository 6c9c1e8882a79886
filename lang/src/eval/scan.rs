//! Searching forced data: where in a value the texts a pattern matches
//! are (`texts_matching`, what secret scanning runs on), in one pass over
//! the data rather than a walk written in Floe.

use super::value::{Thunk, Value};

/// The paths of the texts in `d` that `re` matches, each a list of field
/// names and positions. Data nests as deeply as output allows, so each
/// level may grow the stack.
pub(super) fn texts_matching<'db>(
    re: &regex::Regex,
    d: &crate::data::Data,
    at: &mut Vec<Value<'db>>,
    found: &mut Vec<Thunk<'db>>,
) {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || search(re, d, at, found));
}

fn search<'db>(
    re: &regex::Regex,
    d: &crate::data::Data,
    at: &mut Vec<Value<'db>>,
    found: &mut Vec<Thunk<'db>>,
) {
    match d {
        crate::data::Data::Text(t) if re.is_match(t) => {
            let steps = at.iter().cloned().map(Thunk::ready).collect();
            found.push(Thunk::ready(Value::List(std::rc::Rc::new(steps))));
        }
        crate::data::Data::List(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Value::Int(i64::try_from(i).unwrap_or(i64::MAX)));
                texts_matching(re, item, at, found);
                at.pop();
            }
        }
        crate::data::Data::Record(fields) => {
            for (k, v) in fields.iter() {
                at.push(Value::Text(k.clone()));
                texts_matching(re, v, at, found);
                at.pop();
            }
        }
        _ => {}
    }
}
