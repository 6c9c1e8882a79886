//! Static types: local, bidirectional type inference over the lowered tree.
//!
//! Every expression gets a type, recorded in a side table that the language
//! server will query by position. Types flow bottom-up from literals, and
//! top-down from annotations (`e : T`, `let x : T = e`), where record and
//! list literals are checked field by field and item by item. Whatever the
//! checker cannot know is `Dynamic` — function parameters without
//! annotation, forward references in a recursive `let`, records built by
//! merging unknown records — and `Dynamic` agrees with every type, so the
//! checker reports only mismatches that are certain: a program it accepts
//! may still fail a check at evaluation, but a program it rejects would fail
//! for the same reason when the annotated value is evaluated.

mod imported;
mod layers;
pub(crate) mod modes;
mod over;
mod queries;
mod refine;
pub mod signature;
mod ty;

use std::sync::Arc;

pub use layers::Known;
pub use queries::{check, file_known, file_type, on_cycle, type_check};
pub use ty::{data_type, FieldTy, RecordTy, Rule, StaticPred, Ty};

use refine::{refinement, static_holds, static_pred};
use ty::{binary, compatible, join, join_all, prim, record_problems};

use crate::db::{data_file, Db, ImportTarget, SourceFile};
use crate::diagnostics::types::{RecordProblem, TypeError};
use crate::diagnostics::{Diagnostic, Place};
use crate::resolve::did_you_mean;
use crate::resolve::ir::{LambdaParam, Node, NodeKind, Prim, TypeNode, TypeNodeKind};
use crate::resolve::lower;
use crate::resolve::Lowered;
use crate::syntax::anchor::{Anchor, Anchors};
use crate::syntax::ast::BinaryOp;
use crate::syntax::Span;

/// The result of checking one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileTypes {
    /// The type of the file's value.
    pub root: Ty,
    /// The type of every expression, by anchor, in the order they were met.
    pub table: Vec<(Anchor, Ty)>,
    /// Type errors.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's value, where it is written literally (for checking
    /// layers over it before evaluation).
    pub root_known: Known,
}

impl FileTypes {
    /// The type of the innermost expression containing `offset`.
    /// (`anchors` are the file's, to find where each expression is.)
    pub fn type_at(&self, anchors: &Anchors, offset: usize) -> Option<&Ty> {
        // Last recorded first: an expression checked against a type is
        // recorded with it after its inferred type.
        self.table
            .iter()
            .rev()
            .map(|(a, t)| (anchors.span(*a), t))
            .filter(|(s, _)| s.start() <= offset && offset < s.end().max(s.start() + 1))
            .min_by_key(|(s, _)| s.end() - s.start())
            .map(|(_, t)| t)
    }

    /// The type of the expression written exactly at `span`.
    pub fn type_of(&self, anchors: &Anchors, span: Span) -> Option<&Ty> {
        let at = anchors.anchor(span);
        self.table
            .iter()
            .rev()
            .find(|(a, _)| *a == at)
            .map(|(_, t)| t)
    }
}

/// Checks `file` (whose imports are checked by their own queries).
pub fn check_file(db: &dyn Db, file: SourceFile) -> FileTypes {
    let module = lower(db, file);
    let mut checker = Checker {
        db,
        file,
        module,
        scopes: vec![match file.origin(db) {
            crate::db::Origin::Inline { it: true, .. } => vec![Ty::Dynamic],
            _ => Vec::new(),
        }],
        table: Vec::new(),
        keep_table: !db.is_one_shot(),
        diagnostics: Vec::new(),
        known_scopes: Vec::new(),
        laying: false,
    };
    checker.known_scopes = checker
        .scopes
        .iter()
        .map(|s| vec![Known::Unknown; s.len()])
        .collect();
    let root = checker.infer(&module.module.root);
    let root_known = checker.known(&module.module.root);
    FileTypes {
        root,
        table: checker.table,
        diagnostics: checker.diagnostics,
        root_known,
    }
}

struct Checker<'a> {
    db: &'a dyn Db,
    file: SourceFile,
    module: &'a Lowered,
    /// Mirrors the evaluator's frames: one entry per slot.
    scopes: Vec<Vec<Ty>>,
    table: Vec<(Anchor, Ty)>,
    /// Whether to fill `table` (not for a one-shot database).
    keep_table: bool,
    diagnostics: Vec<Diagnostic>,
    /// Mirrors `scopes`: the literal values of `let` bindings.
    known_scopes: Vec<Vec<Known>>,
    /// Whether an anchoring record is being checked, which checks the
    /// layers below it (so records inside it do not again).
    laying: bool,
}

impl Checker<'_> {
    fn record(&mut self, at: Anchor, ty: Ty) -> Ty {
        if self.keep_table {
            self.table.push((at, ty.clone()));
        }
        ty
    }

    fn lookup(&self, up: u32, index: u32) -> Ty {
        let depth = self.scopes.len().checked_sub(1 + up as usize);
        depth
            .and_then(|d| self.scopes.get(d))
            .and_then(|s| s.get(index as usize))
            .cloned()
            .unwrap_or(Ty::Dynamic)
    }

    fn infer(&mut self, node: &Node) -> Ty {
        let ty = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.infer_inner(node));
        self.record(node.at, ty)
    }

    fn infer_inner(&mut self, node: &Node) -> Ty {
        match &node.kind {
            NodeKind::Error => Ty::Dynamic,
            NodeKind::Builtin(b) => signature::of(*b),
            NodeKind::Null => prim(Prim::Null),
            NodeKind::Bool(_) => prim(Prim::Bool),
            NodeKind::Int(_) => prim(Prim::Int),
            NodeKind::Float(_) => prim(Prim::Float),
            NodeKind::Text(_) => prim(Prim::Text),
            NodeKind::Interp(pieces) => {
                for p in pieces {
                    if let crate::resolve::ir::Piece::Expr(e) = p {
                        self.infer(e);
                    }
                }
                prim(Prim::Text)
            }
            NodeKind::Local { up, index, .. } => self.lookup(*up, *index),
            NodeKind::List(items) => {
                let tys: Vec<Ty> = items.iter().map(|i| self.infer(i)).collect();
                Ty::List(Arc::new(join_all(tys.into_iter())))
            }
            NodeKind::Record(fields) => Ty::Record(Arc::new(RecordTy::new(
                fields
                    .iter()
                    .map(|f| FieldTy {
                        // Where the key is written: what go-to-definition
                        // of `r.key` leads to, from any file.
                        decl: Some(Place::anchor(self.file, f.key_at)),
                        ..FieldTy::inferred(f.name.clone(), self.infer(&f.value))
                    })
                    .collect(),
                false,
            ))),
            NodeKind::Select {
                target,
                path,
                default,
            } => {
                let mut ty = self.infer(target);
                for key in path {
                    ty = match ty.strip() {
                        Ty::Record(r) => r
                            .fields
                            .iter()
                            .find(|f| f.name == key.name)
                            .map_or(Ty::Dynamic, |f| f.ty.clone()),
                        Ty::Map(t) => (**t).clone(),
                        _ => Ty::Dynamic,
                    };
                }
                match default {
                    Some(d) => {
                        let d = self.infer(d);
                        join(ty, d)
                    }
                    None => ty,
                }
            }
            NodeKind::Has { target, .. } => {
                self.infer(target);
                prim(Prim::Bool)
            }
            NodeKind::Apply { func, arg } => {
                let f = self.infer(func);
                match f.strip() {
                    Ty::Function(param, result) => {
                        // The argument is checked against an annotated parameter.
                        self.check(arg, param, Place::anchor(self.file, arg.at));
                        (**result).clone()
                    }
                    _ => {
                        self.infer(arg);
                        Ty::Dynamic
                    }
                }
            }
            NodeKind::Lambda(lambda) => {
                // Parameter types are written in the scope around the lambda.
                let (slots, param) = match &lambda.param {
                    LambdaParam::Name(_) => {
                        let t = lambda
                            .param_ty
                            .as_ref()
                            .map_or(Ty::Dynamic, |t| self.resolve(t));
                        (vec![t.clone()], t)
                    }
                    LambdaParam::Record {
                        fields, bind, open, ..
                    } => {
                        let types: Vec<Ty> = fields
                            .iter()
                            .map(|f| f.ty.as_ref().map_or(Ty::Dynamic, |t| self.resolve(t)))
                            .collect();
                        let record = Ty::Record(Arc::new(RecordTy::new(
                            fields
                                .iter()
                                .zip(&types)
                                .map(|(f, t)| FieldTy {
                                    has_default: f.default.is_some(),
                                    decl: Some(Place::anchor(self.file, f.at)),
                                    ..FieldTy::inferred(f.name.clone(), t.clone())
                                })
                                .collect(),
                            *open,
                        )));
                        let mut slots = types;
                        if *bind {
                            slots.push(record.clone());
                        }
                        (slots, record)
                    }
                };
                self.known_scopes.push(vec![Known::Unknown; slots.len()]);
                self.scopes.push(slots);
                if let LambdaParam::Record { fields, .. } = &lambda.param {
                    for f in fields {
                        if let Some(d) = &f.default {
                            self.infer(d);
                        }
                    }
                }
                let body = self.infer(&lambda.body);
                self.scopes.pop();
                self.known_scopes.pop();
                Ty::Function(Arc::new(param), Arc::new(body))
            }
            NodeKind::Let { bindings, body } => {
                // Forward and recursive references see `Dynamic`.
                self.enter_let(bindings);
                let ty = self.infer(body);
                self.scopes.pop();
                self.known_scopes.pop();
                ty
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.infer(cond);
                self.expect(cond, &c, &prim(Prim::Bool), None);
                let a = self.infer(then);
                let b = self.infer(otherwise);
                join(a, b)
            }
            NodeKind::Unary { operand, .. } => self.infer(operand),
            NodeKind::Binary { op, lhs, rhs, .. } => {
                let l = self.infer(lhs);
                let layer_of = match l.strip() {
                    Ty::Record(rt) if *op == BinaryOp::Extends => Some(rt.clone()),
                    _ => None,
                };
                let Some(rt) = layer_of else {
                    let r = self.infer(rhs);
                    return binary(*op, &l, &r);
                };
                // A layer written as a record is checked field by field
                // against the parent's schema; any other is inferred.
                let r = if self.check_layer_node(rhs, &rt, &l) {
                    l.clone()
                } else {
                    self.infer(rhs)
                };
                let (parent, child) = (self.known(lhs), self.known(rhs));
                self.check_layer(&rt, &parent, &child, &mut Vec::new(), true);
                binary(*op, &l, &r)
            }
            NodeKind::Import(index) => {
                match self.module.imports.get(*index as usize).map(|i| &i.target) {
                    Some(Ok(ImportTarget::Floe(f))) => file_type(self.db, *f).clone(),
                    Some(Ok(ImportTarget::Data(f))) => match data_file(self.db, *f) {
                        Ok(d) => data_type(d),
                        Err(_) => Ty::Dynamic,
                    },
                    _ => Ty::Dynamic,
                }
            }
            NodeKind::Type(t) => Ty::Type(Arc::new(self.resolve(t))),
            NodeKind::Annot { expr, ty } => {
                let expected = self.resolve(ty);
                self.check(expr, &expected, Place::anchor(self.file, ty.at));
                expected
            }
        }
    }

    /// Opens the frame of a `let` and types its bindings in order (forward
    /// and recursive references see `Dynamic`); the caller pops both scopes.
    fn enter_let(&mut self, bindings: &[Node]) {
        self.scopes.push(vec![Ty::Dynamic; bindings.len()]);
        self.known_scopes.push(vec![Known::Unknown; bindings.len()]);
        for (i, b) in bindings.iter().enumerate() {
            let ty = self.infer(b);
            if let Some(slot) = self.scopes.last_mut().and_then(|s| s.get_mut(i)) {
                *slot = ty;
            }
            let known = self.known(b);
            if let Some(slot) = self.known_scopes.last_mut().and_then(|s| s.get_mut(i)) {
                *slot = known;
            }
        }
    }

    /// Checks `node` against `expected`, which the type written at `ty_at`
    /// set.
    fn check(&mut self, node: &Node, expected: &Ty, ty_at: Place) {
        // An optional or refined type checks the same node against its
        // inner type: as deep as the type is nested, with no `infer` (which
        // grows the stack) in between.
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || {
            self.check_here(node, expected, ty_at)
        })
    }

    fn check_here(&mut self, node: &Node, expected: &Ty, ty_at: Place) {
        if let Some((base, rule)) = refinement(expected) {
            self.check(node, base, ty_at);
            for (pred, text, rule_at) in &rule.checks {
                if static_holds(pred, node) == Some(false) {
                    self.diagnostics.push(refine::failure(
                        Place::anchor(self.file, node.at),
                        text,
                        *rule_at,
                    ));
                }
            }
            return;
        }
        // The outermost record type that anchors layers checks them once,
        // after its own fields.
        let anchors =
            !self.laying && matches!(expected.strip(), Ty::Record(rt) if rt.over.anchored);
        if !anchors {
            return self.check_form(node, expected, ty_at);
        }
        self.laying = true;
        self.check_form(node, expected, ty_at);
        self.laying = false;
        let known = self.known(node);
        self.check_overs(&known, expected);
    }

    /// `check` by the form of `node` and of the type.
    fn check_form(&mut self, node: &Node, expected: &Ty, ty_at: Place) {
        match (&node.kind, expected.strip()) {
            (_, Ty::Dynamic) => {
                self.infer(node);
            }
            (NodeKind::Record(fields), Ty::Record(rt)) => {
                self.record(node.at, expected.clone());
                let mut problems: Vec<RecordProblem> = Vec::new();
                for f in fields {
                    match rt.fields.iter().find(|t| t.name == f.name) {
                        Some(t) => self.check(&f.value, &t.ty, t.decl.unwrap_or(ty_at)),
                        None => {
                            self.infer(&f.value);
                            if !rt.open {
                                problems.push(self.unknown_field(f, rt, expected));
                            }
                        }
                    }
                }
                for t in &rt.fields {
                    if t.has_default || fields.iter().any(|f| f.name == t.name) {
                        continue;
                    }
                    problems.push(missing_field(t, ty_at));
                }
                self.report_record(
                    Place::anchor(self.file, node.at),
                    expected,
                    problems,
                    rt.open,
                );
            }
            (NodeKind::List(items), Ty::List(item)) => {
                self.record(node.at, expected.clone());
                for i in items {
                    self.check(i, item, ty_at);
                }
            }
            (NodeKind::Record(fields), Ty::Map(item)) => {
                self.record(node.at, expected.clone());
                for f in fields {
                    self.check(&f.value, item, ty_at);
                }
            }
            (NodeKind::Null, Ty::Optional(_)) => {
                self.record(node.at, expected.clone());
            }
            (_, Ty::Optional(inner))
                if !matches!(
                    node.kind,
                    NodeKind::Local { .. }
                        | NodeKind::Select { .. }
                        | NodeKind::Apply { .. }
                        // Their branches and bodies are checked against
                        // the optional type: one may well be `null`.
                        | NodeKind::If { .. }
                        | NodeKind::Let { .. }
                ) =>
            {
                self.check(node, inner, ty_at)
            }
            (NodeKind::Text(t), Ty::Enum { tags, .. }) => {
                self.record(node.at, expected.clone());
                if !tags.iter().any(|tag| **tag == **t) {
                    let d = bad_tag(t, tags, expected, Place::anchor(self.file, node.at), ty_at);
                    self.diagnostics.push(d);
                }
            }
            (NodeKind::Let { bindings, body }, _) => {
                self.enter_let(bindings);
                self.check(body, expected, ty_at);
                self.scopes.pop();
                self.known_scopes.pop();
                self.record(node.at, expected.clone());
            }
            (
                NodeKind::If {
                    cond,
                    then,
                    otherwise,
                },
                _,
            ) => {
                let c = self.infer(cond);
                self.expect(cond, &c, &prim(Prim::Bool), None);
                self.check(then, expected, ty_at);
                self.check(otherwise, expected, ty_at);
                self.record(node.at, expected.clone());
            }
            (NodeKind::Import(index), _) => {
                let found = self.infer(node);
                // A file written literally is checked at its own lines.
                let known = match self.module.imports.get(*index as usize).map(|i| &i.target) {
                    Some(Ok(ImportTarget::Floe(f))) => Some(file_known(self.db, *f)),
                    _ => None,
                };
                if !known.is_some_and(|k| self.check_known(k, expected, ty_at)) {
                    self.expect(node, &found, expected, Some(ty_at));
                }
            }
            _ => {
                let found = self.infer(node);
                self.expect(node, &found, expected, Some(ty_at));
            }
        }
    }

    /// E0303 for the field `f` that the record type `rt` (shown as
    /// `expected`) does not have.
    pub(super) fn unknown_field(
        &self,
        f: &crate::resolve::ir::RecordField,
        rt: &RecordTy,
        expected: &Ty,
    ) -> RecordProblem {
        RecordProblem::Unknown {
            field: f.name.to_string(),
            of: Some(expected.text()),
            suggestion: did_you_mean(&f.name, rt.fields.iter().map(|t| t.name.to_string())),
            at: Place::anchor(self.file, f.key_at),
        }
    }

    pub(super) fn report_record(
        &mut self,
        at: Place,
        expected: &Ty,
        problems: Vec<RecordProblem>,
        open: bool,
    ) {
        if problems.is_empty() {
            return;
        }
        self.diagnostics.push(
            TypeError::Record {
                record: at,
                expected: expected.text(),
                problems,
                open,
            }
            .diagnostic(),
        );
    }

    /// Reports that `node` has type `found` where `expected` is required,
    /// unless the two may agree.
    fn expect(&mut self, node: &Node, found: &Ty, expected: &Ty, ty_at: Option<Place>) {
        if compatible(found, expected) {
            return;
        }
        let problems = match (found.strip(), expected.strip()) {
            (Ty::Record(f), Ty::Record(e)) => record_problems(f, e),
            _ => Vec::new(),
        };
        let here = Some(self.module.span(node.at));
        self.diagnostics.push(
            TypeError::Mismatch {
                expected: expected.text(),
                found: found.kind(),
                at: Place::anchor(self.file, node.at),
                type_at: ty_at.filter(|at| self.module.bytes_of(self.file, *at) != here),
                problems,
                shape: ty::record_shape(found, expected),
            }
            .diagnostic(),
        );
    }

    /// The static meaning of a type expression.
    /// E0305 unless `ty` has an order for `stronger` to follow: an
    /// ordered enum, `Bool`, a number (or `Dynamic`, decided later).
    fn require_order(&mut self, ty: &Ty, at: Anchor) {
        // `Some(tags)` when there is no order: the tags, if it is an enum.
        let found = match ty.strip() {
            Ty::Optional(inner) => return self.require_order(inner, at),
            Ty::Enum {
                ordered: false,
                tags,
            } if tags.len() > 1 => Some(Some(crate::diagnostics::words::tag_list(
                tags.iter().map(|t| &**t),
                " < ",
            ))),
            Ty::Enum { .. } | Ty::Dynamic => None,
            Ty::Prim(Prim::Bool | Prim::Int | Prim::Float | Prim::Dynamic) => None,
            _ => Some(None),
        };
        if let Some(tags) = found {
            self.diagnostics.push(
                TypeError::NoOrder {
                    ty: ty.text(),
                    at: Place::anchor(self.file, at),
                    tags,
                }
                .diagnostic(),
            );
        }
    }

    fn resolve(&mut self, t: &TypeNode) -> Ty {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.resolve_inner(t))
    }

    fn resolve_inner(&mut self, t: &TypeNode) -> Ty {
        match &t.kind {
            TypeNodeKind::Error => Ty::Dynamic,
            TypeNodeKind::Prim(Prim::Dynamic) => Ty::Dynamic,
            TypeNodeKind::Prim(p) => prim(*p),
            TypeNodeKind::List(i) => Ty::List(Arc::new(self.resolve(i))),
            TypeNodeKind::Map(i) => Ty::Map(Arc::new(self.resolve(i))),
            TypeNodeKind::Optional(i) => Ty::Optional(Arc::new(self.resolve(i))),
            TypeNodeKind::Layer(i) => layers::layer_of(&self.resolve(i)),
            TypeNodeKind::Enum { tags, ordered } => Ty::Enum {
                tags: tags.iter().map(|k| k.name.clone()).collect(),
                ordered: *ordered,
            },
            TypeNodeKind::Function { param, result } => Ty::Function(
                Arc::new(self.resolve(param)),
                Arc::new(self.resolve(result)),
            ),
            TypeNodeKind::Record { fields, open } => Ty::Record(Arc::new(RecordTy::new(
                fields
                    .iter()
                    .map(|f| {
                        let ty = self.resolve(&f.ty);
                        if let crate::syntax::ast::Mode::Stronger { .. } = f.mode {
                            self.require_order(&ty, f.ty.at);
                        }
                        let default = match &f.default {
                            Some(d) => {
                                self.check(d, &ty, Place::anchor(self.file, f.ty.at));
                                self.known(d)
                            }
                            None => Known::Unknown,
                        };
                        FieldTy {
                            mode: f.mode,
                            name: f.name.clone(),
                            ty,
                            // A `required` field is a hole the base layer
                            // leaves; `extends` makes each child fill it.
                            has_default: f.default.is_some()
                                || f.mode == crate::syntax::ast::Mode::Required,
                            default,
                            decl: Some(Place::anchor(self.file, f.at)),
                            doc: f.doc.clone(),
                            over: f.over.clone(),
                        }
                    })
                    .collect(),
                *open,
            ))),
            TypeNodeKind::Refined { base, predicate } => {
                let base = self.resolve(base);
                self.infer(predicate);
                let source = self.file.text(self.db);
                let module = self.module;
                let text_of = |n: &Node| {
                    let span = module.span(n.at);
                    crate::syntax::lexer::compact(source.get(span.range()).unwrap_or("?"))
                };
                let parts: Vec<&Node> = match &predicate.kind {
                    NodeKind::List(items) => items.iter().collect(),
                    _ => vec![predicate],
                };
                let checks = parts
                    .into_iter()
                    .map(|n| (static_pred(n), text_of(n), Place::anchor(self.file, n.at)))
                    .collect();
                Ty::Refined(
                    Arc::new(base),
                    Arc::new(Rule {
                        checks,
                        text: text_of(predicate),
                    }),
                )
            }
            TypeNodeKind::Ref(node) => {
                let found = self.infer(node);
                match found.strip() {
                    Ty::Type(inner) => {
                        Ty::Named(Arc::from(reference_name(node).as_str()), inner.clone())
                    }
                    Ty::Dynamic => Ty::Dynamic,
                    other => {
                        self.diagnostics.push(
                            TypeError::NotAType {
                                name: reference_name(node),
                                kind: other.kind(),
                                at: Place::anchor(self.file, t.at),
                            }
                            .diagnostic(),
                        );
                        Ty::Dynamic
                    }
                }
            }
        }
    }
}

fn reference_name(node: &Node) -> String {
    match &node.kind {
        NodeKind::Local { name, .. } => name.to_string(),
        NodeKind::Select { target, path, .. } => {
            let mut s = reference_name(target);
            for k in path {
                s.push('.');
                s.push_str(&k.name);
            }
            s
        }
        _ => "?".to_string(),
    }
}

/// E0302 for the field `t` (of a type declared at `ty_at`) that a record
/// lacks, with the field's doc.
fn missing_field(t: &ty::FieldTy, ty_at: Place) -> RecordProblem {
    RecordProblem::Missing {
        field: t.name.to_string(),
        doc: t.doc.as_ref().map(|d| d.to_string()),
        at: t.decl.unwrap_or(ty_at),
    }
}

/// E0301 for the text `t`, written at `at`, that is none of the tags of
/// `expected` (declared at `ty_at`).
fn bad_tag(
    t: &str,
    tags: &[crate::resolve::ir::Name],
    expected: &Ty,
    at: Place,
    ty_at: Place,
) -> Diagnostic {
    let allowed: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    TypeError::NotAllowed {
        value: t.to_string(),
        expected: expected.text(),
        at,
        type_at: ty_at,
        suggestion: did_you_mean(t, allowed.iter().cloned()),
        allowed,
    }
    .diagnostic()
}
