//! Layering checked before evaluation: where the values of both layers of
//! an `extends` are written literally (through `let`, annotations and
//! imports), the checker compares them under the schema's field modes and
//! reports violations with the same codes evaluation would.

use std::sync::Arc;

use super::file_known;
use super::{modes, Checker, RecordTy, Ty};
use crate::data::Data;
use crate::db::{data_file, ImportTarget};
use crate::diagnostics::Place;
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
        /// Where it was written, by anchor.
        at: Place,
    },
    /// A list holding records, whose items may be known one by one. The
    /// names are empty: the items are held in a record's kind of table so
    /// that an evaluator's origin can point into either.
    List {
        /// The items.
        items: Arc<Vec<(Name, Known)>>,
        /// Where it was written, by anchor.
        at: Place,
    },
    /// A record whose fields may be known one by one.
    Record {
        /// The fields.
        fields: Arc<Vec<(Name, Known)>>,
        /// Where it was written, by anchor.
        at: Place,
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
            Known::List { items, .. } => {
                let mut out = Vec::with_capacity(items.len());
                for (_, v) in items.iter() {
                    out.push(v.data()?);
                }
                Some(Data::List(out.into()))
            }
        }
    }

    /// Where the value was written, if it is known.
    pub fn site(&self) -> Option<Place> {
        match self {
            Known::Unknown => None,
            Known::Value { at, .. } | Known::Record { at, .. } | Known::List { at, .. } => {
                Some(*at)
            }
        }
    }

    pub(super) fn field(&self, name: &str) -> Option<&Known> {
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
        (Known::Record { fields: pf, .. }, Known::Record { fields: cf, at }) => {
            let mut out: Vec<(Name, Known)> = pf.as_ref().clone();
            // Fields by name where searching the list for every field of
            // the layer would cost more: a layer of thousands of fields
            // must not take time quadratic in its width.
            let mut index: Option<rustc_hash::FxHashMap<Name, usize>> =
                (out.len() > 16 && cf.len() > 16).then(|| {
                    out.iter()
                        .enumerate()
                        .map(|(i, (n, _))| (n.clone(), i))
                        .collect()
                });
            for (k, cv) in cf.iter() {
                let found = match &index {
                    Some(index) => index.get(k).copied(),
                    None => out.iter().position(|(n, _)| n == k),
                };
                match found.and_then(|i| out.get_mut(i)) {
                    Some((_, pv)) => *pv = layered(pv, cv),
                    None => {
                        if let Some(index) = &mut index {
                            index.insert(k.clone(), out.len());
                        }
                        out.push((k.clone(), cv.clone()));
                    }
                }
            }
            Known::Record {
                fields: Arc::new(out),
                at: *at,
            }
        }
        (_, Known::Unknown) => Known::Unknown,
        (_, c) => c.clone(),
    }
}

impl Checker<'_> {
    /// The value of `node` if it is written literally.
    pub(super) fn known(&mut self, node: &Node) -> Known {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.known_inner(node))
    }

    fn known_inner(&mut self, node: &Node) -> Known {
        let file = self.file;
        let at = move || Place::anchor(file, node.at);
        let value = move |data| Known::Value { data, at: at() };
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
                let known: Vec<Known> = items.iter().map(|i| self.known(i)).collect();
                // Records keep their places; a list of plain values is one
                // value, compared whole by the rules of the modes.
                if known.iter().any(|k| matches!(k, Known::Record { .. })) {
                    return Known::List {
                        items: Arc::new(known.into_iter().map(|k| (Name::from(""), k)).collect()),
                        at: at(),
                    };
                }
                let mut out = Vec::with_capacity(known.len());
                for k in &known {
                    match k.data() {
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
                at: at(),
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
                Some(Ok(ImportTarget::Floe(f))) => file_known(self.db, *f).clone(),
                Some(Ok(ImportTarget::Data(f))) => match data_file(self.db, *f) {
                    // A data file has no tokens; its value is the whole file.
                    Ok(d) => Known::Value {
                        data: d.clone(),
                        at: Place::span(*f, Span::default()),
                    },
                    Err(_) => Known::Unknown,
                },
                _ => Known::Unknown,
            },
            _ => Known::Unknown,
        }
    }

    /// Checks a layer written as a record literal against the parent's
    /// record type `rt` (shown as `shown`): each field it sets against the
    /// field's type, a nested record literal as a layer of the nested
    /// record type, and fields a closed type lacks as unknown (E0303).
    /// Fields it leaves out are inherited, so none is missing. Whether
    /// `node` was such a layer.
    pub(super) fn check_layer_node(&mut self, node: &Node, rt: &RecordTy, shown: &Ty) -> bool {
        let NodeKind::Record(fields) = &node.kind else {
            return false;
        };
        // The layer has the parent's type: its keys name the schema's fields.
        self.record(node.at, shown.clone());
        let mut problems = Vec::new();
        for f in fields {
            let Some(t) = rt.fields.iter().find(|t| t.name == f.name) else {
                self.infer(&f.value);
                if !rt.open {
                    problems.push(self.unknown_field(f, rt, shown));
                }
                continue;
            };
            let nested = record_of(&t.ty);
            let layered = match &nested {
                Some(nested) => self.check_layer_node(&f.value, nested, present(&t.ty)),
                None => false,
            };
            if !layered {
                let ty_at = t.decl.unwrap_or(Place::anchor(self.file, f.key_at));
                self.check(&f.value, &t.ty, ty_at);
            }
        }
        self.report_record(Place::anchor(self.file, node.at), shown, problems, rt.open);
        true
    }

    /// Checks the layer `child` over `parent` under the record type `rt`;
    /// with `holes`, that the two fill every `required` field.
    pub(super) fn check_layer(
        &mut self,
        rt: &RecordTy,
        parent: &Known,
        child: &Known,
        path: &mut Vec<Name>,
        holes: bool,
    ) {
        let Known::Record {
            fields: child_fields,
            at: child_place,
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
            // A value of the wrong type is a type error, reported as one and
            // never ranked by the modes (as in evaluation).
            let known = p.data().zip(c.data());
            if let Some((pd, cd)) = known.filter(|_| self.conforms(c, &field.ty)) {
                let order = enum_order(&field.ty);
                for breach in modes::breaches(field.mode, order, &pd, &cd) {
                    // A breach in one key of a map is the key's.
                    let written = breach.key().and_then(|k| c.field(k)).unwrap_or(c);
                    let child_at = written.site().or(c.site()).unwrap_or(*child_place);
                    // A data file's value has no place of its own to show.
                    let parent_at = p.site().filter(|at| at.bytes() != Some(Span::default()));
                    self.diagnostics.push(modes::diagnostic(
                        breach, &dotted, field.mode, child_at, field.decl, parent_at,
                    ));
                }
            }
            if let Some(nested) = record_of(&field.ty) {
                self.check_layer(&nested, p, c, path, holes);
            }
            path.pop();
        }
        // `null` in a required field means "not set"; a value not known
        // before evaluation is taken as set.
        let required = rt
            .fields
            .iter()
            .filter(|f| holes && f.mode == Mode::Required);
        for field in required {
            let value = child
                .field(&field.name)
                .or_else(|| parent.field(&field.name));
            let unset = match value {
                None => true,
                Some(Known::Value { data, .. }) => *data == Data::Null,
                Some(_) => false,
            };
            if unset {
                let mut dotted: Vec<String> = path.iter().map(|n| n.to_string()).collect();
                dotted.push(field.name.to_string());
                self.diagnostics.push(modes::hole(
                    &dotted.join("."),
                    &field.name,
                    *child_place,
                    child.field(&field.name).and_then(Known::site),
                    field.decl,
                    field.doc.as_deref(),
                ));
            }
        }
    }
}

/// The tags of an ordered enum field (through `?` and names), which
/// `stronger` ranks by.
fn enum_order(ty: &Ty) -> Option<&[Name]> {
    match ty.strip() {
        Ty::Enum {
            tags,
            ordered: true,
        } => Some(tags),
        Ty::Optional(inner) => enum_order(inner),
        _ => None,
    }
}

/// `ty` without its outer `?`s: what a value that is there has.
fn present(ty: &Ty) -> &Ty {
    match ty {
        Ty::Optional(inner) => present(inner),
        Ty::Named(_, inner) if matches!(**inner, Ty::Optional(_)) => present(inner),
        t => t,
    }
}

/// The record type of a field, seen through names and `?`.
pub(super) fn record_of(ty: &Ty) -> Option<Arc<RecordTy>> {
    match ty.strip() {
        Ty::Record(r) => Some(r.clone()),
        Ty::Optional(inner) => record_of(inner),
        _ => None,
    }
}

/// The static type of `Layer T`: every field of a record type may be left
/// out, nested record types are layers too, and a refinement of a record
/// (which judges the whole) is left to the layered result.
pub(super) fn layer_of(ty: &Ty) -> Ty {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || match ty {
        Ty::Named(name, inner) => {
            let layer = layer_of(inner);
            if layer == **inner {
                ty.clone()
            } else {
                Ty::Named(Name::from(format!("Layer {name}")), Arc::new(layer))
            }
        }
        Ty::Refined(base, _) if matches!(base.strip(), Ty::Record(_)) => layer_of(base),
        Ty::Optional(inner) => Ty::Optional(Arc::new(layer_of(inner))),
        Ty::Record(rt) => Ty::Record(Arc::new(RecordTy::new(
            rt.fields
                .iter()
                .map(|f| super::FieldTy {
                    ty: layer_of(&f.ty),
                    has_default: true,
                    ..f.clone()
                })
                .collect(),
            rt.open,
        ))),
        other => other.clone(),
    })
}
