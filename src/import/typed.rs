//! Typed import: data a standard-library schema describes is written as a
//! value of that schema, rendered by the schema's own function, with every
//! field the schema would fill in the same way left out. A candidate is
//! kept only if it evaluates to exactly the data read, so a schema that
//! does not fit costs nothing but the attempt.

use std::path::Path;
use std::sync::Arc;

use floe_lang::data::comments::Segment;
use floe_lang::data::Data;
use floe_lang::literal::{value, value_commented, value_laid_out, Comments, Layout};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::Database;

use crate::ImportArgs;

/// A standard-library constructor a document may be written as a call of.
pub struct Schema {
    /// The name `--schema` takes, and the function of `inverse.floe` that
    /// reads a document back into the constructor's argument.
    pub name: &'static str,
    /// `apiVersion` and `kind` of the documents it makes.
    api_version: &'static str,
    kind: &'static str,
    /// The standard-library module, and the name it is bound to.
    module: &'static str,
    alias: &'static str,
    /// The module's function the document is a call of.
    call: &'static str,
    /// The module's type the argument is checked against before the call
    /// (as the schema's own files write it), if any.
    checked_as: Option<&'static str>,
    /// Whether the argument is the document's own fields (less
    /// `apiVersion` and `kind`), so its comments keep their paths; else it
    /// is read back by `inverse.floe`.
    same_shape: bool,
}

/// A k8s constructor: `k.NAME {}` for objects of `kind`.
const fn k8s(name: &'static str, api_version: &'static str, kind: &'static str) -> Schema {
    Schema {
        name,
        api_version,
        kind,
        module: "k8s",
        alias: "k",
        call: name,
        checked_as: None,
        same_shape: false,
    }
}

const NETWORKING: &str = "networking.k8s.io/v1";

/// Every schema `floe import` writes documents in.
pub const SCHEMAS: &[Schema] = &[
    Schema {
        name: "manifest",
        api_version: "floe.dev/v1",
        kind: "Manifest",
        module: "manifest",
        alias: "m",
        call: "document",
        checked_as: Some("Manifest"),
        same_shape: true,
    },
    Schema {
        name: "product",
        api_version: "floe.dev/v1",
        kind: "FloeSpec",
        module: "product",
        alias: "p",
        call: "spec",
        checked_as: None,
        same_shape: false,
    },
    Schema {
        name: "contract",
        api_version: "v3.1.0",
        kind: "DataContract",
        module: "product",
        alias: "p",
        call: "port_contract",
        checked_as: None,
        same_shape: false,
    },
    k8s("namespace", "v1", "Namespace"),
    k8s("service_account", "v1", "ServiceAccount"),
    k8s("config_map", "v1", "ConfigMap"),
    k8s("service", "v1", "Service"),
    k8s("deployment", "apps/v1", "Deployment"),
    k8s("stateful_set", "apps/v1", "StatefulSet"),
    k8s("role", "rbac.authorization.k8s.io/v1", "Role"),
    k8s(
        "role_binding",
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
    ),
    k8s("resource_quota", "v1", "ResourceQuota"),
    k8s("persistent_volume_claim", "v1", "PersistentVolumeClaim"),
    k8s("job", "batch/v1", "Job"),
    k8s("cron_job", "batch/v1", "CronJob"),
    k8s(
        "external_secret",
        "external-secrets.io/v1",
        "ExternalSecret",
    ),
    k8s("ingress", NETWORKING, "Ingress"),
    // The simplest first: each is tried until one gives the document.
    k8s("default_deny", NETWORKING, "NetworkPolicy"),
    k8s("egress_rules", NETWORKING, "NetworkPolicy"),
    k8s("api_egress", NETWORKING, "NetworkPolicy"),
    k8s("network_policy", NETWORKING, "NetworkPolicy"),
];

/// The functions that read documents back into constructor arguments.
const INVERSE: &str = include_str!("inverse.floe");

impl Schema {
    /// The schema `--schema` names.
    pub fn named(name: &str) -> Option<&'static Schema> {
        SCHEMAS.iter().find(|s| s.name == name)
    }

    /// The schemas whose documents carry `data`'s `apiVersion` and `kind`.
    fn of(data: &Data) -> Vec<&'static Schema> {
        let text = |k: &str| match data.get(k) {
            Some(Data::Text(t)) => t.to_string(),
            _ => String::new(),
        };
        let (version, kind) = (text("apiVersion"), text("kind"));
        SCHEMAS
            .iter()
            .filter(|s| s.api_version == version && s.kind == kind)
            .collect()
    }

    /// The module's import, bound to [`Schema::alias`].
    fn import(&self) -> String {
        format!("import \"floe:std/{}\"", self.module)
    }

    /// The call with `argument`.
    fn render(&self, argument: &str) -> String {
        match self.checked_as {
            Some(ty) => format!("{0}.{1} ({argument} : {0}.{ty})", self.alias, self.call),
            None => format!("{}.{} {argument}", self.alias, self.call),
        }
    }

    /// The call alone as a program.
    fn program(&self, argument: &str) -> String {
        format!(
            "let {} = {} in\n{}\n",
            self.alias,
            self.import(),
            self.render(argument)
        )
    }

    /// The first guess at the argument that gives `data`.
    fn guess(&self, db: &Database, data: &Data, base: &Path, args: &ImportArgs) -> Option<Data> {
        if self.same_shape {
            let Data::Record(fields) = data else {
                return None;
            };
            let body: Vec<(Arc<str>, Data)> = fields
                .iter()
                .filter(|(k, _)| !matches!(k.as_ref(), "apiVersion" | "kind"))
                .cloned()
                .collect();
            return Some(Data::Record(body.into()));
        }
        let source = format!(
            "let inverse = (\n{INVERSE}\n) in\ninverse.{} ({})\n",
            self.name,
            value(data)
        );
        eval(db, &source, base, args)
    }
}

/// The typed program for `data` (a stream's documents when `stream`):
/// each document a schema fits is a call of its constructor, with what
/// the constructor fills in left out, and values written more than once
/// bound once; `None` when no document is typed. `forced` is the schema
/// `--schema` names, which every document must fit. `base` is the
/// directory relative imports start from.
pub fn program(
    db: &Database,
    data: &Data,
    comments: &Comments,
    stream: bool,
    base: &Path,
    args: &ImportArgs,
    forced: Option<&'static Schema>,
) -> Result<Option<String>, String> {
    let documents: Vec<(Vec<Segment>, &Data)> = match data {
        Data::List(items) if stream => items
            .iter()
            .enumerate()
            .map(|(i, item)| (vec![Segment::Index(i)], item))
            .collect(),
        _ => vec![(Vec::new(), data)],
    };
    let mut imports: Vec<(String, String)> = Vec::new();
    let mut calls = Vec::new();
    let mut written = Vec::new();
    // A call drops the comments of a document shaped otherwise.
    let mut kept = comments.clone();
    for (root, document) in &documents {
        let candidates = match forced {
            Some(schema) => vec![schema],
            // Comments are kept, unless `--schema` asks for the call.
            None => Schema::of(document)
                .into_iter()
                .filter(|s| s.same_shape || !has_comments(comments, root))
                .collect(),
        };
        let typed = candidates.into_iter().find_map(|schema| {
            let start = schema.guess(db, document, base, args)?;
            let found = search(db, document, &start, base, args, |v| {
                schema.program(&value_commented(v, &Comments::new(), Vec::new()))
            })?;
            Some((schema, found))
        });
        match (typed, forced) {
            (Some((schema, argument)), _) => {
                let import = (schema.alias.to_string(), schema.import());
                if !imports.contains(&import) {
                    imports.push(import);
                }
                if !schema.same_shape {
                    kept.retain(|path, _| !path.starts_with(root));
                }
                calls.push((root.clone(), schema.render("{}")));
                written.push(argument);
            }
            (None, Some(schema)) => {
                let at = match root.first() {
                    Some(Segment::Index(i)) => format!("document {} ", i + 1),
                    _ => String::new(),
                };
                return Err(format!(
                    "{at}does not fit `--schema {}`: no `{}.{}` call gives it back (leave `--schema` out to write it as plain data)",
                    schema.name, schema.alias, schema.call
                ));
            }
            (None, None) => written.push((*document).clone()),
        }
    }
    if imports.is_empty() {
        return Ok(None);
    }
    let whole = if stream {
        Data::List(written.into())
    } else {
        written.into_iter().next().unwrap_or(Data::Null)
    };
    let layout = |share| Layout {
        head: &imports,
        calls: &calls,
        share,
    };
    // Binding a value once is kept only where the program still gives the
    // data: a value's type may depend on where it is written.
    let shared = value_laid_out(&whole, &kept, &layout(true));
    if eval(db, &shared, base, args).as_ref() == Some(data) {
        return Ok(Some(shared));
    }
    Ok(Some(value_laid_out(&whole, &kept, &layout(false))))
}

/// Whether any comment is at or under `root`.
fn has_comments(comments: &Comments, root: &[Segment]) -> bool {
    comments.keys().any(|path| path.starts_with(root))
}

/// The value of `source`, when it evaluates.
fn eval(db: &Database, source: &str, base: &Path, args: &ImportArgs) -> Option<Data> {
    let root = db.add_inline("<imported>", source, base, false);
    let request = EvalRequest::new(db, root, None, Vec::new(), args.limits.eval());
    evaluate(db, request).as_ref().ok().cloned()
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
    let program = |argument: &str| {
        format!(
            "let\n  m = import \"floe:std/manifest\",\n  enterprise = remove [\"apiVersion\", \"kind\"] (import {}) : m.Manifest,\nin\nm.document (enterprise extends {argument})\n",
            floe_lang::literal::quote(parent)
        )
    };
    // A field the enterprise sets inside a record the domain also writes,
    // and the domain leaves out, is inherited unless the layer says
    // `null`: start with those nulls, and let the search drop the ones
    // that change nothing.
    let start =
        Schema::named("manifest")?.guess(db, &with_nulls(data, parent_data, true), base, args)?;
    let argument = |value: &Data| value_commented(value, comments, Vec::new());
    let found = search(db, data, &start, base, args, |v| program(&argument(v)))?;
    Some(program(&argument(&found)))
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

/// The smallest argument, from `start` down, with which `program` still
/// evaluates to exactly `data`; `None` when even `start` does not.
fn search(
    db: &Database,
    data: &Data,
    start: &Data,
    base: &Path,
    args: &ImportArgs,
    program: impl Fn(&Data) -> String,
) -> Option<Data> {
    let holds = |value: &Data| eval(db, &program(value), base, args).as_ref() == Some(data);
    let mut value = start.clone();
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
    Some(value)
}

/// Every path to a record field in `data`, in records inside lists too,
/// a field before those inside it.
fn field_paths(data: &Data, prefix: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
    match data {
        Data::Record(fields) => {
            for (k, v) in fields.iter() {
                prefix.push(Segment::Key(k.clone()));
                out.push(prefix.clone());
                field_paths(v, prefix, out);
                prefix.pop();
            }
        }
        Data::List(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push(Segment::Index(i));
                field_paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// `data` without the field at `path`; `None` when it has none there.
fn without(data: &Data, path: &[Segment]) -> Option<Data> {
    let (first, rest) = path.split_first()?;
    match (data, first) {
        (Data::Record(fields), Segment::Key(name)) => {
            let mut out = Vec::with_capacity(fields.len());
            let mut found = false;
            for (k, v) in fields.iter() {
                if k == name {
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
        (Data::List(items), Segment::Index(i)) if !rest.is_empty() => {
            let mut out: Vec<Data> = items.to_vec();
            let item = out.get_mut(*i)?;
            *item = without(item, rest)?;
            Some(Data::List(out.into()))
        }
        _ => None,
    }
}

/// The names `--schema` takes, for a message.
pub fn names() -> String {
    let names: Vec<&str> = SCHEMAS.iter().map(|s| s.name).collect();
    names.join(", ")
}
