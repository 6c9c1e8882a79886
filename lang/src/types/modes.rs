//! The rules of the inheritance modes, on plain data. The checker applies
//! them to layers written literally and the evaluator to computed layers;
//! both call these functions, so a breach is decided and worded once.

use crate::data::Data;
use crate::diagnostics::{Code, Diagnostic, Label, Place};
use crate::resolve::ir::Name;
use crate::syntax::ast::Mode;

/// One breach of a field's mode by a child layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Breach {
    /// E0401–E0404.
    pub code: Code,
    /// The headline.
    pub message: String,
    /// The label at the child's value.
    pub breach: String,
    /// What the child may do instead.
    pub help: String,
    /// The key of a map of lists the breach is in, if it is in one.
    pub key: Option<Name>,
}

/// Every breach of `mode` when a child sets `child` over the parent's
/// `parent` at the dotted path `dotted`. `order` is the tags of the field's
/// ordered enum, if it is one (for `stronger`).
pub(crate) fn breaches(
    mode: Mode,
    order: Option<&[Name]>,
    dotted: &str,
    parent: &Data,
    child: &Data,
) -> Vec<Breach> {
    match mode {
        Mode::Final if parent != child => vec![Breach {
            code: Code::E0401,
            message: format!("`{dotted}` is final: a child layer may not change it"),
            breach: format!("changed to {} here", brief(child)),
            help: format!(
                "keep {}, or leave the field out to inherit it",
                brief(parent)
            ),
            key: None,
        }],
        Mode::Stronger { lower } => weaker(order, parent, child, lower)
            .map(|help| Breach {
                code: Code::E0402,
                message: format!("`{dotted}` may only become stronger than {}", brief(parent)),
                breach: format!("weakened to {} here", brief(child)),
                help,
                key: None,
            })
            .into_iter()
            .collect(),
        Mode::Subset => outside(parent, child, true)
            .into_iter()
            .map(|(key, extra)| Breach {
                code: Code::E0403,
                message: format!(
                    "`{dotted}` may only narrow the parent's list{}",
                    in_key(&key)
                ),
                breach: format!("{extra} is not in the parent's list"),
                help: format!("allowed: {}", allowed_items(parent, &key)),
                key,
            })
            .collect(),
        Mode::Append => outside(child, parent, false)
            .into_iter()
            .map(|(key, missing)| Breach {
                code: Code::E0404,
                message: format!(
                    "`{dotted}` may only be extended: the parent's items stay{}",
                    in_key(&key)
                ),
                breach: format!("{missing} of the parent is missing here"),
                help: "keep every item of the parent's list and add new ones after them"
                    .to_string(),
                key,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The diagnostic of a breach: the child's value as the primary label, the
/// field's declaration and the parent's value beside it.
pub(crate) fn diagnostic(
    b: Breach,
    mode: Mode,
    child_at: Place,
    declared_at: Option<Place>,
    parent_at: Option<Place>,
) -> Diagnostic {
    let mut d = Diagnostic::error(b.code, b.message, Label::at(child_at, b.breach));
    if let Some(at) = declared_at {
        d = d.with_label(Label::at(
            at,
            format!("declared `{}` in the schema here", mode.text()),
        ));
    }
    if let Some(at) = parent_at {
        d = d.with_label(Label::at(at, "the parent layer sets it here"));
    }
    d.with_help(b.help)
}

/// E0405: a layer that leaves the parent's `required` hole open, or (when
/// `null_at` is where the layer writes `null`) sets it to `null`, which
/// means "not set".
pub(crate) fn hole(
    dotted: &str,
    field: &str,
    layer_at: Place,
    null_at: Option<Place>,
    declared_at: Option<Place>,
    doc: Option<&str>,
) -> Diagnostic {
    let mut d = match null_at {
        Some(at) => Diagnostic::error(
            Code::E0405,
            format!("`{dotted}` is required: `null` leaves it unset"),
            Label::at(at, format!("`null` here means `{field}` is not set")),
        ),
        None => Diagnostic::error(
            Code::E0405,
            format!("`{dotted}` is a hole the parent leaves: this layer must set it"),
            Label::at(layer_at, format!("this layer does not set `{field}`")),
        ),
    };
    if let Some(at) = declared_at {
        let doc = doc.map(|d| format!(" ({d})")).unwrap_or_default();
        d = d.with_label(Label::at(at, format!("declared `required` here{doc}")));
    }
    d.with_help(format!("set `{dotted} = …` to a value in this layer"))
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

/// `Some(help)` when `child` is weaker than `parent`: lower in the enum's
/// order, `false` after `true`, or a number on the weaker side.
fn weaker(order: Option<&[Name]>, parent: &Data, child: &Data, lower: bool) -> Option<String> {
    match (parent, child) {
        // Unsetting a policy the parent set weakens it.
        (p, Data::Null) if *p != Data::Null => Some(format!("allowed: {} or stronger", brief(p))),
        (Data::Text(p), Data::Text(c)) => {
            let tags = order?;
            let pr = tags.iter().position(|t| **t == **p)?;
            let cr = tags.iter().position(|t| **t == **c)?;
            (cr < pr).then(|| {
                let allowed: Vec<String> = tags[pr..].iter().map(|t| t.to_string()).collect();
                format!("allowed: {}", crate::diagnostics::words::preview(&allowed))
            })
        }
        (Data::Bool(true), Data::Bool(false)) => Some("allowed: `true`".to_string()),
        (Data::Int(_) | Data::Float(_), Data::Int(_) | Data::Float(_)) => {
            let num = |d: &Data| match d {
                Data::Int(n) => *n as f64,
                Data::Float(x) => *x,
                _ => 0.0,
            };
            let (p, c) = (num(parent), num(child));
            ((!lower && c < p) || (lower && c > p)).then(|| {
                format!(
                    "allowed: {} {}",
                    if lower { "at most" } else { "at least" },
                    brief(parent)
                )
            })
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

/// How a breach's message names the key of a map of lists it is in.
fn in_key(key: &Option<Name>) -> String {
    key.as_ref()
        .map(|k| format!(" in `{k}`"))
        .unwrap_or_default()
}

/// The parent's items for the help of a subset breach in `key` of a map of
/// lists, or in the list itself.
fn allowed_items(parent: &Data, key: &Option<Name>) -> String {
    let list = match (parent, key) {
        (Data::Record(fields), Some(key)) => match fields.iter().find(|(k, _)| k == key) {
            Some((_, v)) => v,
            None => return "anything".to_string(),
        },
        (other, _) => other,
    };
    match list {
        Data::List(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| brief(i).trim_matches('`').to_string())
                .collect();
            crate::diagnostics::words::preview(&names)
        }
        other => brief(other),
    }
}
