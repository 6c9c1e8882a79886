//! Typed import: data a standard-library schema describes is written as a
//! value of that schema, rendered by the schema's own function, with every
//! field the schema would fill in the same way left out. A candidate is
//! kept only if it evaluates to exactly the data read, so a schema that
//! does not fit costs nothing but the attempt.

use std::path::Path;
use std::sync::Arc;

use floe_lang::data::Data;
use floe_lang::literal::{value_commented, Comments};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::Database;

use crate::ImportArgs;

/// A schema a document may be written in: how to recognise it, the
/// fields the rendering adds, and the program around the value.
struct Schema {
    /// `apiVersion` and `kind` of the documents it renders.
    api_version: &'static str,
    kind: &'static str,
    /// The program, with `{}` where the value goes.
    template: &'static str,
}

const SCHEMAS: &[Schema] = &[Schema {
    api_version: "floe.dev/v1",
    kind: "Manifest",
    template: "let m = import \"floe:std/manifest\" in\nm.document ({} : m.Manifest)\n",
}];

/// The typed program for `data`, when a schema fits: the value as the
/// schema's type, rendered by its function, with what the schema fills
/// in left out. `base` is the directory relative imports start from.
pub fn program(
    db: &Database,
    data: &Data,
    comments: &Comments,
    base: &Path,
    args: &ImportArgs,
) -> Option<String> {
    let text = |k: &str| match data.get(k) {
        Some(Data::Text(t)) => Some(t.to_string()),
        _ => None,
    };
    let schema = SCHEMAS.iter().find(|s| {
        text("apiVersion").as_deref() == Some(s.api_version)
            && text("kind").as_deref() == Some(s.kind)
    })?;
    search(db, data, comments, base, args, schema.template)
}

/// The program for the domain manifest `data` as a layer over the
/// enterprise manifest its file imports as `parent` (relative to `base`):
/// `m.document (enterprise extends { … })` with only what the domain
/// changes; `None` when no such program evaluates to `data`.
pub fn layer(
    db: &Database,
    data: &Data,
    parent_data: &Data,
    comments: &Comments,
    base: &Path,
    parent: &str,
    args: &ImportArgs,
) -> Option<String> {
    let template = format!(
        "let\n  m = import \"floe:std/manifest\",\n  enterprise = remove [\"apiVersion\", \"kind\"] (import {}) : m.Manifest,\nin\nm.document (enterprise extends {{}})\n",
        floe_lang::literal::quote(parent)
    );
    // A field the enterprise sets inside a record the domain also writes,
    // and the domain leaves out, is inherited unless the layer says
    // `null`: start with those nulls, and let the search drop the ones
    // that change nothing.
    let start = with_nulls(data, parent_data, true);
    search_from(db, data, &start, comments, base, args, &template)
}

/// `child` with `null` for each field `parent` has, inside a record both
/// have, that `child` lacks (not at the top, where `top` is set: a domain
/// document leaves the enterprise's own fields out anyway).
fn with_nulls(child: &Data, parent: &Data, top: bool) -> Data {
    let (Data::Record(mine), Data::Record(theirs)) = (child, parent) else {
        return child.clone();
    };
    let mut out: Vec<(Arc<str>, Data)> = mine
        .iter()
        .map(|(k, v)| match parent.get(k) {
            Some(p) => (k.clone(), with_nulls(v, p, false)),
            None => (k.clone(), v.clone()),
        })
        .collect();
    if !top {
        for (k, _) in theirs.iter() {
            if child.get(k).is_none() {
                out.push((k.clone(), Data::Null));
            }
        }
    }
    Data::Record(out.into())
}

/// `template` with `data` (without `apiVersion` and `kind`, which the
/// rendering adds) where its `{}` is, with as few fields as still give
/// exactly `data`; `None` when even all of them do not.
fn search(
    db: &Database,
    data: &Data,
    comments: &Comments,
    base: &Path,
    args: &ImportArgs,
    template: &str,
) -> Option<String> {
    search_from(db, data, data, comments, base, args, template)
}

/// [`search`], starting from the fields of `start` rather than `data`'s.
fn search_from(
    db: &Database,
    data: &Data,
    start: &Data,
    comments: &Comments,
    base: &Path,
    args: &ImportArgs,
    template: &str,
) -> Option<String> {
    let Data::Record(fields) = start else {
        return None;
    };
    let body: Vec<(Arc<str>, Data)> = fields
        .iter()
        .filter(|(k, _)| !matches!(k.as_ref(), "apiVersion" | "kind"))
        .cloned()
        .collect();
    let render =
        |value: &Data| template.replace("{}", &value_commented(value, comments, Vec::new()));
    let holds = |value: &Data| gives(db, &render(value), data, base, args);
    let mut value = Data::Record(body.into());
    if !holds(&value) {
        return None;
    }
    // Leave out each field while the result stays the same: what remains
    // is what the schema does not say by itself. A default comes after the
    // fields written (in the type's order), so the last fields go first,
    // and passes repeat until none can go.
    loop {
        let mut paths = Vec::new();
        field_paths(&value, &mut Vec::new(), &mut paths);
        let mut changed = false;
        for path in paths.iter().rev() {
            if let Some(smaller) = without(&value, path) {
                if holds(&smaller) {
                    value = smaller;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Some(render(&value))
}

/// Whether `source` evaluates to `data`.
fn gives(db: &Database, source: &str, data: &Data, base: &Path, args: &ImportArgs) -> bool {
    let root = db.add_inline("<imported>", source, base, false);
    let request = EvalRequest::new(db, root, None, Vec::new(), args.limits.eval());
    matches!(evaluate(db, request), Ok(back) if back == data)
}

/// Every path to a record field in `data`, a field before those inside it.
fn field_paths(data: &Data, prefix: &mut Vec<Arc<str>>, out: &mut Vec<Vec<Arc<str>>>) {
    if let Data::Record(fields) = data {
        for (k, v) in fields.iter() {
            prefix.push(k.clone());
            out.push(prefix.clone());
            field_paths(v, prefix, out);
            prefix.pop();
        }
    }
}

/// `data` without the field at `path`; `None` when it has none there.
fn without(data: &Data, path: &[Arc<str>]) -> Option<Data> {
    let (first, rest) = path.split_first()?;
    let Data::Record(fields) = data else {
        return None;
    };
    let mut out = Vec::with_capacity(fields.len());
    let mut found = false;
    for (k, v) in fields.iter() {
        if k == first {
            found = true;
            if rest.is_empty() {
                continue;
            }
            out.push((k.clone(), without(v, rest)?));
        } else {
            out.push((k.clone(), v.clone()));
        }
    }
    found.then(|| Data::Record(out.into()))
}
