//! The rules of the inheritance modes, on plain data. The checker applies
//! them to layers written literally and the evaluator to computed layers;
//! both call these functions, so a breach is decided once, and worded
//! once by [`crate::diagnostics::inherit`].

use crate::data::Data;
use crate::diagnostics::inherit::{Allowed, Breach, InheritError};
use crate::diagnostics::{Diagnostic, Place};
use crate::resolve::ir::Name;
use crate::syntax::ast::Mode;

/// Every breach of `mode` when a child sets `child` over the parent's
/// `parent`. `order` is the tags of the field's ordered enum, if it is one
/// (for `stronger`).
pub(crate) fn breaches(
    mode: Mode,
    order: Option<&[Name]>,
    parent: &Data,
    child: &Data,
) -> Vec<Breach> {
    match mode {
        Mode::Final if parent != child => vec![Breach::Final {
            parent: brief(parent),
            child: brief(child),
        }],
        Mode::Stronger { lower } => weaker(order, parent, child, lower)
            .map(|allowed| Breach::Weakened {
                parent: brief(parent),
                child: brief(child),
                allowed,
            })
            .into_iter()
            .collect(),
        Mode::Subset => outside(parent, child, true)
            .into_iter()
            .map(|(key, extra)| Breach::Widened {
                allowed: allowed_items(parent, &key),
                key: key.map(|k| k.to_string()),
                extra,
            })
            .collect(),
        Mode::Append => outside(child, parent, false)
            .into_iter()
            .map(|(key, missing)| Breach::Shortened {
                key: key.map(|k| k.to_string()),
                missing,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The diagnostic of a breach of the field at the dotted path `path`: the
/// child's value as the primary label, the field's declaration and the
/// parent's value beside it.
pub(crate) fn diagnostic(
    breach: Breach,
    path: &str,
    mode: Mode,
    child_at: Place,
    declared_at: Option<Place>,
    parent_at: Option<Place>,
) -> Diagnostic {
    InheritError::Breach {
        path: path.to_string(),
        breach,
        mode,
        child_at,
        declared_at,
        parent_at,
    }
    .diagnostic()
}

/// E0405: a layer that leaves the parent's `required` hole open, or (when
/// `null_at` is where the layer writes `null`) sets it to `null`, which
/// means "not set".
pub(crate) fn hole(
    path: &str,
    field: &str,
    layer_at: Place,
    null_at: Option<Place>,
    declared_at: Option<Place>,
    doc: Option<&str>,
) -> Diagnostic {
    InheritError::Hole {
        path: path.to_string(),
        field: field.to_string(),
        layer_at,
        null_at,
        declared_at,
        doc: doc.map(str::to_string),
    }
    .diagnostic()
}

/// A value in a message: `` `required` ``, `` `365` ``, `a list of 3 items`.
pub(crate) fn brief(d: &Data) -> String {
    match d {
        Data::Text(t) if t.chars().count() <= 40 => format!("`{t}`"),
        Data::Int(n) => format!("`{n}`"),
        Data::Float(x) => format!("`{}`", crate::diagnostics::words::float_text(*x)),
        Data::Bool(b) => format!("`{b}`"),
        Data::Null => "`null`".to_string(),
        Data::List(l) => format!(
            "a list of {}",
            crate::diagnostics::words::count(l.len(), "item")
        ),
        Data::Record(r) => format!(
            "a record of {}",
            crate::diagnostics::words::count(r.len(), "field")
        ),
        Data::Text(_) => "text".to_string(),
    }
}

/// `Some(allowed)` when `child` is weaker than `parent`: lower in the
/// enum's order, `false` after `true`, or a number on the weaker side.
fn weaker(order: Option<&[Name]>, parent: &Data, child: &Data, lower: bool) -> Option<Allowed> {
    match (parent, child) {
        // Unsetting a policy the parent set weakens it.
        (p, Data::Null) if *p != Data::Null => Some(Allowed::OrStronger(brief(p))),
        (Data::Text(p), Data::Text(c)) => {
            let tags = order?;
            let pr = tags.iter().position(|t| **t == **p)?;
            let cr = tags.iter().position(|t| **t == **c)?;
            (cr < pr).then(|| Allowed::Tags(tags[pr..].iter().map(|t| t.to_string()).collect()))
        }
        (Data::Bool(true), Data::Bool(false)) => Some(Allowed::True),
        (Data::Int(_) | Data::Float(_), Data::Int(_) | Data::Float(_)) => {
            let num = |d: &Data| match d {
                Data::Int(n) => *n as f64,
                Data::Float(x) => *x,
                _ => 0.0,
            };
            let (p, c) = (num(parent), num(child));
            if lower && c > p {
                Some(Allowed::AtMost(brief(parent)))
            } else if !lower && c < p {
                Some(Allowed::AtLeast(brief(parent)))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The items of `inner` that `outer` lacks: for lists one entry, for
/// records of lists one per key (a key `outer` lacks is unrestricted when
/// `unrestricted`). Each entry: the key, if in a map, and the items shown.
fn outside(outer: &Data, inner: &Data, unrestricted: bool) -> Vec<(Option<Name>, String)> {
    match (outer, inner) {
        (Data::List(o), Data::List(i)) => {
            let missing: Vec<String> = i.iter().filter(|x| !o.contains(x)).map(brief).collect();
            if missing.is_empty() {
                Vec::new()
            } else {
                vec![(None, missing.join(", "))]
            }
        }
        (Data::Record(o), Data::Record(i)) => i
            .iter()
            .flat_map(|(k, iv)| match o.iter().find(|(ok, _)| ok == k) {
                Some((_, ov)) => outside(ov, iv, unrestricted)
                    .into_iter()
                    .map(|(_, items)| (Some(k.clone()), items))
                    .collect(),
                None if !unrestricted => vec![(Some(k.clone()), "all of it".to_string())],
                None => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The parent's items a subset breach in `key` of a map of lists (or in
/// the list itself) may keep.
fn allowed_items(parent: &Data, key: &Option<Name>) -> Vec<String> {
    let list = match (parent, key) {
        (Data::Record(fields), Some(key)) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        (other, _) => Some(other),
    };
    match list {
        Some(Data::List(items)) => items
            .iter()
            .map(|i| brief(i).trim_matches('`').to_string())
            .collect(),
        _ => Vec::new(),
    }
}
