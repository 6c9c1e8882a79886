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
    let Data::Record(fields) = data else {
        return None;
    };
    let text = |k: &str| match data.get(k) {
        Some(Data::Text(t)) => Some(t.to_string()),
        _ => None,
    };
    let schema = SCHEMAS.iter().find(|s| {
        text("apiVersion").as_deref() == Some(s.api_version)
            && text("kind").as_deref() == Some(s.kind)
    })?;
    let body: Vec<(Arc<str>, Data)> = fields
        .iter()
        .filter(|(k, _)| !matches!(k.as_ref(), "apiVersion" | "kind"))
        .cloned()
        .collect();
    let render = |value: &Data| {
        schema
            .template
            .replace("{}", &value_commented(value, comments, Vec::new()))
    };
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
