//! Layering checked before evaluation: where the values of both layers of
//! an `extends` are written literally (through `let`, annotations and
//! imports), the checker compares them under the schema's field modes and
//! reports violations with the same codes evaluation would.

use std::sync::Arc;

use super::{Checker, RecordTy, Ty};
use crate::data::Data;
use crate::db::{data_file, type_check, ImportTarget, SourceFile};
use crate::diagnostics::{Code, Diagnostic, Label};
use crate::resolve::ir::{Name, Node, NodeKind};
use crate::syntax::ast::{BinaryOp, Mode, UnaryOp};
use crate::syntax::Span;

/// A value known before evaluation, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Known {
    /// Not known.
    Unknown,
    /// A plain value.
    Value {
        /// The value.
        data: Data,
        /// Its file.
        file: SourceFile,
        /// Where it was written.
        span: Span,
    },
    /// A record whose fields may be known one by one.
    Record {
        /// The fields.
        fields: Arc<Vec<(Name, Known)>>,
        /// Its file.
        file: SourceFile,
        /// Where it was written.
        span: Span,
    },
}

impl Known {
    fn data(&self) -> Option<Data> {
        match self {
            Known::Unknown => None,
            Known::Value { data, .. } => Some(data.clone()),
            Known::Record { fields, .. } => {
                let mut out = Vec::new();
                for (k, v) in fields.iter() {
                    out.push((k.clone(), v.data()?));
                }
                Some(Data::Record(out.into()))
            }
        }
    }

    fn site(&self) -> Option<(SourceFile, Span)> {
        match self {
            Known::Unknown => None,
            Known::Value { file, span, .. } | Known::Record { file, span, .. } => {
                Some((*file, *span))
            }
        }
    }

    fn field(&self, name: &str) -> Option<&Known> {
        match self {
            Known::Record { fields, .. } => {
                fields.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}

/// `parent` with `child`'s fields layered over it (no checks).
fn layered(parent: &Known, child: &Known) -> Known {
    match (parent, child) {
        (
            Known::Record { fields: pf, .. },
            Known::Record {
                fields: cf,
                file,
                span,
            },
        ) => {
            let mut out: Vec<(Name, Known)> = pf.as_ref().clone();
            for (k, cv) in cf.iter() {
                match out.iter_mut().find(|(n, _)| n == k) {
                    Some((_, pv)) => *pv = layered(pv, cv),
                    None => out.push((k.clone(), cv.clone())),
                }
            }
            Known::Record {
                fields: Arc::new(out),
                file: *file,
                span: *span,
            }
        }
        (_, Known::Unknown) => Known::Unknown,
        (_, c) => c.clone(),
    }
}

impl Checker<'_> {
    /// The value of `node` if it is written literally.
    pub(super) fn known(&mut self, node: &Node) -> Known {
        let file = self.file;
        let value = move |data| Known::Value {
            data,
            file,
            span: node.span,
        };
        match &node.kind {
            NodeKind::Null => value(Data::Null),
            NodeKind::Bool(b) => value(Data::Bool(*b)),
            NodeKind::Int(n) => value(Data::Int(*n)),
            NodeKind::Float(x) => value(Data::Float(x.0)),
            NodeKind::Text(t) => value(Data::Text(t.clone())),
            NodeKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => match self.known(operand) {
                Known::Value {
                    data: Data::Int(n), ..
                } => n
                    .checked_neg()
                    .map_or(Known::Unknown, |n| value(Data::Int(n))),
                Known::Value {
                    data: Data::Float(x),
                    ..
                } => value(Data::Float(-x)),
                _ => Known::Unknown,
            },
            NodeKind::List(items) => {
                let mut out = Vec::new();
                for i in items {
                    match self.known(i).data() {
                        Some(d) => out.push(d),
                        None => return Known::Unknown,
                    }
                }
                value(Data::List(out.into()))
            }
            NodeKind::Record(fields) => Known::Record {
                fields: Arc::new(
                    fields
                        .iter()
                        .map(|f| (f.name.clone(), self.known(&f.value)))
                        .collect(),
                ),
                file: self.file,
                span: node.span,
            },
            NodeKind::Local { up, index, .. } => {
                let depth = self.known_scopes.len().checked_sub(1 + *up as usize);
                depth
                    .and_then(|d| self.known_scopes.get(d))
                    .and_then(|s| s.get(*index as usize))
                    .cloned()
                    .unwrap_or(Known::Unknown)
            }
            NodeKind::Annot { expr, .. } => self.known(expr),
            NodeKind::Let { bindings, body } => {
                self.known_scopes.push(vec![Known::Unknown; bindings.len()]);
                for (i, b) in bindings.iter().enumerate() {
                    let k = self.known(b);
                    if let Some(slot) = self.known_scopes.last_mut().and_then(|s| s.get_mut(i)) {
                        *slot = k;
                    }
                }
                let k = self.known(body);
                self.known_scopes.pop();
                k
            }
            NodeKind::Binary {
                op: BinaryOp::Extends,
                lhs,
                rhs,
                ..
            } => {
                let (p, c) = (self.known(lhs), self.known(rhs));
                layered(&p, &c)
            }
            NodeKind::Import(i) => match self.module.imports.get(*i as usize).map(|i| &i.target) {
                Some(Ok(ImportTarget::Floe(f))) => type_check(self.db, *f).root_known.clone(),
                Some(Ok(ImportTarget::Data(f))) => match data_file(self.db, *f) {
                    Ok(d) => Known::Value {
                        data: d.clone(),
                        file: *f,
                        span: Span::default(),
                    },
                    Err(_) => Known::Unknown,
                },
                _ => Known::Unknown,
            },
            _ => Known::Unknown,
        }
    }

    /// Checks the layer `child` over `parent` under the record type `rt`.
    pub(super) fn check_layer(
        &mut self,
        rt: &RecordTy,
        parent: &Known,
        child: &Known,
        path: &mut Vec<Name>,
    ) {
        let Known::Record {
            fields: child_fields,
            file: child_file,
            span: child_span,
        } = child
        else {
            return;
        };
        let Known::Record { .. } = parent else { return };
        for (name, c) in child_fields.iter() {
            let Some(field) = rt.fields.iter().find(|f| f.name == *name) else {
                continue;
            };
            // A field the parent does not write has the schema's default.
            let Some(p) = parent
                .field(name)
                .or(Some(&field.default).filter(|d| **d != Known::Unknown))
            else {
                continue;
            };
            path.push(name.clone());
            let dotted = path
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(".");
            if let (Some(pd), Some(cd)) = (p.data(), c.data()) {
                let problem = match field.mode {
                    Mode::Final if pd != cd => Some((
                        Code::E0401,
                        format!("`{dotted}` is final: a child layer may not change it"),
                        format!("changed to {} here", brief(&cd)),
                        format!("keep {}, or leave the field out to inherit it", brief(&pd)),
                    )),
                    Mode::Stronger { lower } => weaker(&field.ty, &pd, &cd, lower).map(|help| {
                        (
                            Code::E0402,
                            format!("`{dotted}` may only become stronger than {}", brief(&pd)),
                            format!("weakened to {} here", brief(&cd)),
                            help,
                        )
                    }),
                    Mode::Subset => outside(&pd, &cd, true).map(|(sub, extra)| {
                        let help = format!("allowed: {}", allowed_items(&pd, &sub));
                        (
                            Code::E0403,
                            format!("`{dotted}` may only narrow the parent's list{sub}"),
                            format!("{extra} is not in the parent's list"),
                            help,
                        )
                    }),
                    Mode::Append => outside(&cd, &pd, false).map(|(sub, missing)| {
                        (
                            Code::E0404,
                            format!(
                                "`{dotted}` may only be extended: the parent's items stay{sub}"
                            ),
                            format!("{missing} of the parent is missing here"),
                            "keep every item of the parent's list and add new ones after them"
                                .to_string(),
                        )
                    }),
                    _ => None,
                };
                if let Some((code, message, breach, help)) = problem {
                    let (cf, cs) = c.site().unwrap_or((*child_file, *child_span));
                    let mut d = Diagnostic::error(code, message, Label::new(cf, cs, breach));
                    if let Some((df, ds)) = field.decl {
                        d = d.with_label(Label::new(
                            df,
                            ds,
                            format!("declared `{}` in the schema here", field.mode.text()),
                        ));
                    }
                    if let Some((pf, ps)) = p.site().filter(|(_, s)| *s != Span::default()) {
                        d = d.with_label(Label::new(pf, ps, "the parent layer sets it here"));
                    }
                    self.diagnostics.push(d.with_help(help));
                }
            }
            if let Some(nested) = record_of(&field.ty) {
                self.check_layer(&nested, p, c, path);
            }
            path.pop();
        }
        for field in rt.fields.iter().filter(|f| f.mode == Mode::Required) {
            if child.field(&field.name).is_none() && parent.field(&field.name).is_none() {
                let mut dotted: Vec<String> = path.iter().map(|n| n.to_string()).collect();
                dotted.push(field.name.to_string());
                let dotted = dotted.join(".");
                let mut d = Diagnostic::error(
                    Code::E0405,
                    format!("`{dotted}` is a hole the parent leaves: this layer must set it"),
                    Label::new(
                        *child_file,
                        *child_span,
                        format!("this layer does not set `{}`", field.name),
                    ),
                );
                if let Some((df, ds)) = field.decl {
                    let doc = field
                        .doc
                        .as_ref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    d = d.with_label(Label::new(df, ds, format!("declared `required` here{doc}")));
                }
                self.diagnostics
                    .push(d.with_help(format!("add `{dotted} = …` to this layer")));
            }
        }
    }
}

fn brief(d: &Data) -> String {
    match d {
        Data::Text(t) if t.chars().count() <= 40 => format!("`{t}`"),
        Data::Int(n) => format!("`{n}`"),
        Data::Float(x) => format!("`{x}`"),
        Data::Bool(b) => format!("`{b}`"),
        Data::Null => "`null`".to_string(),
        Data::List(l) => format!("a list of {} items", l.len()),
        Data::Record(r) => format!("a record of {} fields", r.len()),
        Data::Text(_) => "text".to_string(),
    }
}

/// `Some(help)` when `child` is weaker than `parent` for a field of type `ty`.
fn weaker(ty: &Ty, parent: &Data, child: &Data, lower: bool) -> Option<String> {
    match (ty.strip(), parent, child) {
        // Unsetting a policy the parent set weakens it.
        (_, p, Data::Null) if *p != Data::Null => {
            Some(format!("allowed: {} or stronger", brief(p)))
        }
        (Ty::Optional(inner), _, _) => weaker(inner, parent, child, lower),
        (Ty::Enum { tags, .. }, Data::Text(p), Data::Text(c)) => {
            let pr = tags.iter().position(|t| **t == **p)?;
            let cr = tags.iter().position(|t| **t == **c)?;
            (cr < pr).then(|| {
                let allowed: Vec<String> = tags[pr..].iter().map(|t| t.to_string()).collect();
                format!("allowed: {}", crate::eval::preview(&allowed))
            })
        }
        (_, Data::Bool(true), Data::Bool(false)) => Some("allowed: `true`".to_string()),
        (_, Data::Int(_) | Data::Float(_), Data::Int(_) | Data::Float(_)) => {
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

/// The first items of `inner` that `outer` lacks (per key for records of
/// lists; keys `outer` lacks are unrestricted when `unrestricted`).
fn outside(outer: &Data, inner: &Data, unrestricted: bool) -> Option<(String, String)> {
    match (outer, inner) {
        (Data::List(o), Data::List(i)) => {
            let missing: Vec<String> = i.iter().filter(|x| !o.contains(x)).map(brief).collect();
            (!missing.is_empty()).then(|| (String::new(), missing.join(", ")))
        }
        (Data::Record(o), Data::Record(i)) => {
            i.iter()
                .find_map(|(k, iv)| match o.iter().find(|(ok, _)| ok == k) {
                    Some((_, ov)) => outside(ov, iv, unrestricted)
                        .map(|(_, items)| (format!(" in `{k}`"), items)),
                    None if !unrestricted => Some((format!(" in `{k}`"), "all of it".to_string())),
                    None => None,
                })
        }
        _ => None,
    }
}

/// The parent's items for the help of a subset violation (`sub` names the
/// key of a map of lists, as ` in `key``).
fn allowed_items(parent: &Data, sub: &str) -> String {
    let list = match parent {
        Data::Record(fields) => {
            let key = sub.trim_start_matches(" in `").trim_end_matches('`');
            match fields.iter().find(|(k, _)| &**k == key) {
                Some((_, v)) => v,
                None => return "anything".to_string(),
            }
        }
        other => other,
    };
    match list {
        Data::List(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| brief(i).trim_matches('`').to_string())
                .collect();
            crate::eval::preview(&names)
        }
        other => brief(other),
    }
}

/// The record type of a field, seen through names and `?`.
fn record_of(ty: &Ty) -> Option<Arc<RecordTy>> {
    match ty.strip() {
        Ty::Record(r) => Some(r.clone()),
        Ty::Optional(inner) => record_of(inner),
        _ => None,
    }
}
