//! Types at evaluation time: `value : Type` checks the value against the
//! type and shapes it. Records get their defaults filled in, and every
//! missing or unknown field is reported at once; list items and field
//! values are checked lazily, when they are demanded, so that annotating a
//! value does not force what is never used.

use crate::diagnostics::types::{RecordProblem, TypeError};
use crate::diagnostics::Place;
use std::rc::Rc;

use super::value::{Env, Fields, Site, State, Thunk, TypeValue, Value};
use super::{Evaluator, R};
use crate::diagnostics::Diagnostic;
use crate::resolve::did_you_mean;
use crate::resolve::ir::{NodeKind, Prim, TypeNode, TypeNodeKind};

pub use crate::diagnostics::words::{shorten, tag_list};

/// The type as written, for messages: `List Int`, `{ name : Text, .. }`.
pub fn type_text(ty: &TypeNode) -> String {
    shorten(full_type_text(ty))
}

fn full_type_text(ty: &TypeNode) -> String {
    match &ty.kind {
        TypeNodeKind::Error => "?".to_string(),
        TypeNodeKind::Prim(p) => p.name().to_string(),
        TypeNodeKind::Ref(node) => reference_text(&node.kind),
        TypeNodeKind::List(t) => format!("List {}", atom_text(t)),
        TypeNodeKind::Map(t) => format!("Map Text {}", atom_text(t)),
        TypeNodeKind::Optional(t) => format!("{}?", atom_text(t)),
        TypeNodeKind::Layer(t) => format!("Layer {}", atom_text(t)),
        TypeNodeKind::Enum { tags, ordered } => {
            let sep = if *ordered { " < " } else { " | " };
            tag_list(tags.iter().map(|t| &*t.name), sep)
        }
        TypeNodeKind::Record { fields, open } => {
            let mut parts: Vec<String> = fields
                .iter()
                .map(|f| format!("{} : {}", f.name, type_text(&f.ty)))
                .collect();
            if *open {
                parts.push("..".to_string());
            }
            if parts.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
        TypeNodeKind::Function { param, result } => {
            format!("{} -> {}", atom_text(param), type_text(result))
        }
        TypeNodeKind::Refined { base, .. } => format!("{} where …", type_text(base)),
    }
}

fn atom_text(ty: &TypeNode) -> String {
    let text = type_text(ty);
    match ty.kind {
        TypeNodeKind::Function { .. }
        | TypeNodeKind::List(_)
        | TypeNodeKind::Map(_)
        | TypeNodeKind::Layer(_) => {
            format!("({text})")
        }
        TypeNodeKind::Enum { ref tags, .. } if tags.len() > 1 => format!("({text})"),
        _ => text,
    }
}

fn reference_text(kind: &NodeKind) -> String {
    match kind {
        NodeKind::Local { name, .. } => name.to_string(),
        NodeKind::Select { target, path, .. } => {
            let mut s = reference_text(&target.kind);
            for k in path {
                s.push('.');
                s.push_str(&k.name);
            }
            s
        }
        _ => "?".to_string(),
    }
}

/// A refinement as a message names it: quoted when it is short, else
/// described (the label points at it).
pub(super) fn rule_text(source: &str) -> String {
    if source.len() <= 48 && !source.contains('\n') {
        format!("`{source}`")
    } else {
        "its refinement".to_string()
    }
}

/// A value shown briefly in a message: `150`, `"ab c"`, `a list of 3 items`.
pub(super) fn shown_value(v: &Value<'_>) -> String {
    match v {
        Value::Int(n) => format!("`{n}`"),
        Value::Float(x) => format!("`{}`", super::ops::float_text(*x)),
        Value::Text(t) if t.chars().count() <= 40 => format!("`{t:?}`"),
        Value::List(l) => format!("a list of {}", super::count(l.len(), "item")),
        Value::Record(r) => format!("a record of {}", super::count(r.len(), "field")),
        other => other.kind().to_string(),
    }
}

/// Where a thunk's value was written, if it is still unevaluated code.
pub(super) fn thunk_site(t: &Thunk<'_>, fallback: Site) -> Site {
    written_at(t).unwrap_or(fallback)
}

/// Where a thunk's value was written, if that is still known: it is
/// unevaluated code, data from a file, or a value awaiting its check.
pub(super) fn written_at(t: &Thunk<'_>) -> Option<Site> {
    match &*t.0.borrow() {
        State::Pending(node, env) => Some(Site::anchor(env.file, node.at)),
        State::Data(_, Some(origin)) => origin.site(),
        // A value checked against a type was written where its check says.
        State::Conform { site, .. } | State::Done(_, site) => Some(*site),
        _ => None,
    }
}

impl<'db> Evaluator<'db> {
    /// `inner`, checked against `ty` when it is demanded.
    pub(super) fn conformed(
        &self,
        inner: Thunk<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        site: Site,
    ) -> Thunk<'db> {
        self.conformed_as(inner, ty, env, site, false)
    }

    /// `inner`, checked against `ty` (as a layer of it when `layer`) when
    /// it is demanded.
    fn conformed_as(
        &self,
        inner: Thunk<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        site: Site,
        layer: bool,
    ) -> Thunk<'db> {
        if matches!(ty.kind, TypeNodeKind::Prim(Prim::Dynamic)) {
            return inner;
        }
        // A value already known to satisfy the type needs no check to wait
        // for: no thunk is allocated, and a record layered over a checked
        // one shares the parent's checked fields instead of wrapping them
        // again at every layer.
        match &*inner.0.borrow() {
            State::Conform {
                ty: t,
                env: e,
                layer: l,
                ..
            } if std::ptr::eq(*t, ty) && Rc::ptr_eq(e, env) && *l == layer => {
                return inner.clone();
            }
            State::Ready(v) | State::Done(v, _) if !layer && self.satisfies(v, ty, env, 0) => {
                return inner.clone();
            }
            _ => {}
        }
        let site = thunk_site(&inner, site);
        Thunk::new(State::Conform {
            inner,
            ty,
            env: env.clone(),
            site,
            layer,
        })
    }

    /// Whether `value` is known, without evaluating anything, to satisfy
    /// `ty` unchanged: a scalar of the type, a tag of the enum, a record
    /// already checked against the type. `false` means "not known", and the
    /// ordinary check decides.
    fn satisfies(&self, value: &Value<'db>, ty: &'db TypeNode, env: &Env<'db>, depth: u8) -> bool {
        use TypeNodeKind as T;
        match (&ty.kind, value) {
            (T::Prim(Prim::Bool), Value::Bool(_))
            | (T::Prim(Prim::Int), Value::Int(_))
            | (T::Prim(Prim::Float), Value::Float(_))
            | (T::Prim(Prim::Text), Value::Text(_))
            | (T::Prim(Prim::Null) | T::Optional(_), Value::Null) => true,
            (T::Optional(inner), v) => depth < 4 && self.satisfies(v, inner, env, depth + 1),
            (T::Enum { tags, .. }, Value::Text(t)) => tags.iter().any(|tag| *tag.name == **t),
            (T::Record { .. } | T::Refined { .. }, Value::Record(r)) => self.checked_as(r, ty, env),
            // A name already bound to a type is followed; anything else
            // would need evaluating.
            (T::Ref(node), v) if depth < 4 => {
                let NodeKind::Local { up, index, .. } = node.kind else {
                    return false;
                };
                let slot = self.lookup(env, up, index, node.at);
                let cell = slot.0.borrow();
                match &*cell {
                    State::Ready(Value::Type(t)) | State::Done(Value::Type(t), _) => {
                        self.satisfies(v, t.node, &t.env, depth + 1)
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The default of `field` of a record type written in `env`, checked
    /// against the field's type: one thunk for every record that leaves the
    /// field out, since a default depends only on where the type was
    /// written.
    fn default_of(
        &mut self,
        field: &'db crate::resolve::ir::FieldTypeNode,
        default: &'db crate::resolve::ir::Node,
        env: &Env<'db>,
        at: Site,
    ) -> Thunk<'db> {
        let key = (field as *const _ as usize, Rc::as_ptr(env) as usize);
        if let Some(thunk) = self.defaults.get(&key) {
            return thunk.clone();
        }
        let thunk = Thunk::new(State::Pending(default, env.clone()));
        let thunk = self.conformed(thunk, &field.ty, env, at);
        // Each entry keeps its type's scope alive: types written inside a
        // function make a new scope per call, so the table is bounded.
        if self.defaults.len() >= 4096 {
            self.defaults.clear();
        }
        self.defaults.insert(key, thunk.clone());
        thunk
    }

    /// Checks `value` as a layer of `ty` (`Layer T`): a record's fields
    /// may be left out and nothing is filled in; what it writes is checked
    /// as the type's fields are, nested records as layers, unknown fields
    /// reported. A refinement of a record type is left to the layered
    /// result, since it judges a whole record.
    pub(super) fn conform_layer(
        &mut self,
        value: Value<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
    ) -> R<Value<'db>> {
        self.nested(at, |ev| {
            use TypeNodeKind as T;
            match (&ty.kind, value) {
                (T::Optional(_), Value::Null) => Ok(Value::Null),
                (T::Optional(inner) | T::Layer(inner), v) => ev.conform_layer(v, inner, env, at),
                (T::Refined { base, .. }, v @ Value::Record(_)) => {
                    ev.conform_layer(v, base, env, at)
                }
                (T::Ref(node), v) => ev.through_name(node, ty, env, |ev, named, env| {
                    ev.conform_layer(v, named, env, at)
                }),
                (T::Record { fields, open }, Value::Record(record)) => {
                    ev.conform_record(&record, fields, *open, ty, env, at, true)
                }
                (_, v) => ev.conform(v, ty, env, at),
            }
        })
    }

    /// Checks through a type reference: `check` runs on the type it names,
    /// with the name shown in messages.
    fn through_name<T>(
        &mut self,
        node: &'db crate::resolve::ir::Node,
        ty: &'db TypeNode,
        env: &Env<'db>,
        check: impl FnOnce(&mut Self, &'db TypeNode, &Env<'db>) -> R<T>,
    ) -> R<T> {
        let t = self.named_type(node, ty, env)?;
        let saved = self.type_name.replace(node);
        let result = check(self, t.node, &t.env);
        self.type_name = saved;
        result
    }

    /// The type a type reference names; E0304 if it names something else.
    fn named_type(
        &mut self,
        node: &'db crate::resolve::ir::Node,
        ty: &'db TypeNode,
        env: &Env<'db>,
    ) -> R<Rc<TypeValue<'db>>> {
        match self.eval(node, env)? {
            Value::Type(t) => Ok(t),
            other => Err(TypeError::NotAType {
                name: reference_text(&node.kind),
                kind: other.kind().to_string(),
                at: Site::anchor(env.file, ty.at),
            }
            .into()),
        }
    }

    /// The name to show for `ty`: the name it was referred to by, if any.
    fn shown(&self, ty: &TypeNode) -> String {
        match self.type_name {
            Some(node) => reference_text(&node.kind),
            None => type_text(ty),
        }
    }

    fn mismatch(
        &self,
        value: &Value<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
    ) -> Box<Diagnostic> {
        TypeError::Mismatch {
            expected: self.shown(ty),
            found: value.kind().to_string(),
            at,
            type_at: Some(Place::anchor(env.file, ty.at)),
            problems: Vec::new(),
            shape: None,
        }
        .into()
    }

    /// Checks `value` against `ty` (written in `env`) and shapes it: the
    /// result is the value with defaults filled in, integers turned into
    /// floats where `Float` is expected, and checks attached to its parts.
    pub(super) fn conform(
        &mut self,
        value: Value<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
    ) -> R<Value<'db>> {
        // Types refer to types: checking goes one level deeper each time,
        // within the depth limit like any other recursion.
        self.nested(at, |ev| ev.conform_here(value, ty, env, at))
    }

    fn conform_here(
        &mut self,
        value: Value<'db>,
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
    ) -> R<Value<'db>> {
        use TypeNodeKind as T;
        // A scalar of the type, a tag of the enum, or a record already
        // checked against this very type (values do not change) is taken
        // as it is; the arms below handle what needs shaping or fails.
        if self.satisfies(&value, ty, env, 0) {
            return Ok(value);
        }
        Ok(match (&ty.kind, value) {
            (T::Error | T::Prim(Prim::Dynamic), v) => v,
            (T::Prim(Prim::Float), Value::Int(n)) => Value::Float(n as f64),
            (T::Optional(inner), v) => self.conform(v, inner, env, at)?,
            (T::Ref(node), v) => self.through_name(node, ty, env, |ev, named, env| {
                ev.conform(v, named, env, at)
            })?,
            (T::Layer(inner), v) => self.conform_layer(v, inner, env, at)?,
            // A tag of the enum was taken above.
            (T::Enum { tags, .. }, Value::Text(t)) => {
                let allowed: Vec<String> = tags.iter().map(|tag| tag.name.to_string()).collect();
                return Err(TypeError::NotAllowed {
                    value: t.to_string(),
                    expected: self.shown(ty),
                    at,
                    type_at: Place::anchor(env.file, ty.at),
                    suggestion: did_you_mean(&t, allowed.iter().cloned()),
                    allowed,
                }
                .into());
            }
            (T::List(item), Value::List(items)) => Value::List(Rc::new(
                items
                    .iter()
                    .map(|i| self.conformed(i.clone(), item, env, at))
                    .collect(),
            )),
            (T::Map(item), Value::Record(fields)) => Value::Record(Rc::new(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.conformed(v.clone(), item, env, at)))
                    .collect(),
            )),
            (T::Record { fields, open }, Value::Record(record)) => {
                self.conform_record(&record, fields, *open, ty, env, at, false)?
            }
            (T::Function { .. }, v @ (Value::Closure(_) | Value::Builtin(_))) => v,
            (T::Refined { base, predicate }, v) => {
                let v = self.conform(v, base, env, at)?;
                // A list of predicates must all hold; each is reported as written.
                let preds: Vec<(&'db crate::resolve::ir::Node, Value<'db>)> = match &predicate.kind
                {
                    NodeKind::List(items) => {
                        let mut out = Vec::with_capacity(items.len());
                        for item in items {
                            out.push((item, self.eval(item, env)?));
                        }
                        out
                    }
                    _ => vec![(&**predicate, self.eval(predicate, env)?)],
                };
                for (node, pred) in preds {
                    self.refine(&v, node, pred, env, at)?;
                }
                // A layer over this record must satisfy the refinement too.
                if let Value::Record(r) = &v {
                    self.refine_schema(r, ty);
                }
                v
            }
            (_, v) => return Err(self.mismatch(&v, ty, env, at)),
        })
    }

    /// Checks a record against a record type, or as a layer of it when
    /// `layer` (nothing missing, nothing filled in, no schema recorded).
    #[allow(clippy::too_many_arguments)]
    fn conform_record(
        &mut self,
        record: &Rc<Fields<'db>>,
        fields: &'db [crate::resolve::ir::FieldTypeNode],
        open: bool,
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
        layer: bool,
    ) -> R<Value<'db>> {
        let mut problems: Vec<RecordProblem> = Vec::new();
        let mut out =
            Fields::with_capacity_and_hasher(record.len().max(fields.len()), Default::default());
        for (key, value) in record.iter() {
            match fields.iter().find(|f| f.name == *key) {
                Some(field) => {
                    out.insert(
                        key.clone(),
                        self.conformed_as(value.clone(), &field.ty, env, at, layer),
                    );
                }
                None if open => {
                    out.insert(key.clone(), value.clone());
                }
                None => {
                    problems.push(RecordProblem::Unknown {
                        field: key.to_string(),
                        of: None,
                        suggestion: did_you_mean(key, fields.iter().map(|f| f.name.to_string())),
                        at: thunk_site(value, at),
                    });
                }
            }
        }
        for field in fields {
            if layer || out.contains_key(&field.name) || record.contains_key(&field.name) {
                continue;
            }
            if field.mode == crate::syntax::ast::Mode::Required {
                // A hole the base layer leaves; `extends` checks each child.
                continue;
            }
            match &field.default {
                Some(default) => {
                    let thunk = self.default_of(field, default, env, at);
                    out.insert(field.name.clone(), thunk);
                }
                None => {
                    problems.push(RecordProblem::Missing {
                        field: field.name.to_string(),
                        doc: field.doc.as_ref().map(|d| d.to_string()),
                        at: Place::anchor(env.file, field.at),
                    });
                }
            }
        }
        if problems.is_empty() {
            return Ok(self.checked_record(record, out, fields, ty, env, at, layer));
        }
        let error = TypeError::Record {
            record: at,
            expected: self.shown(ty),
            problems,
            open,
        };
        let only_unknown = error.only_unknown_fields();
        let d = error.diagnostic();
        if !only_unknown {
            return Err(Box::new(d));
        }
        // Unknown fields are reported and left out: the run fails, and the
        // record goes on without them, so that what its known fields or a
        // layer over it break is reported in the same run.
        self.add_extra([d]);
        Ok(self.checked_record(record, out, fields, ty, env, at, layer))
    }

    /// The record `out` that `record` became by being checked against a
    /// record type; unless it is a layer, it is registered with its schema
    /// and keeps the history of where each field was set.
    #[allow(clippy::too_many_arguments)]
    fn checked_record(
        &mut self,
        record: &Rc<Fields<'db>>,
        out: Fields<'db>,
        fields: &'db [crate::resolve::ir::FieldTypeNode],
        ty: &'db TypeNode,
        env: &Env<'db>,
        at: Site,
        layer: bool,
    ) -> Value<'db> {
        if layer {
            return Value::Record(Rc::new(out));
        }
        let sites = self
            .schema_sites(record)
            .unwrap_or_else(|| super::layers::Sites::of(record, at));
        let out = Rc::new(out);
        self.register_schema(&out, fields, ty, env, sites);
        Value::Record(out)
    }
}
