//! Name resolution and lowering: turns the syntax tree of one file into the
//! [`ir`] the evaluator runs, reporting undefined names, duplicate fields and
//! bindings, and resolving imports.

pub mod imports;
pub mod ir;

use std::collections::HashMap;
use std::sync::Arc;

/// The types every program can name.
pub const BUILTIN_TYPES: &[&str] = &[
    "Bool", "Int", "Float", "Text", "Null", "Dynamic", "List", "Map",
];

use crate::builtins::Builtin;
use crate::db::{resolve_import, Db, Import, ImportTarget, SourceFile};
use crate::diagnostics::names::NameError;
use crate::diagnostics::types::TypeError;
use crate::diagnostics::{At, Diagnostic, Place};
use crate::syntax::anchor::{Anchor, Anchors};
use crate::syntax::ast::{self, Expr, ExprKind, StrPart};
use crate::syntax::Span;
use ir::{
    FieldTypeNode, Lambda, LambdaParam, Name, Node, NodeKind, PathKey, PatternField, Piece, Prim,
    RecordField, TypeNode, TypeNodeKind, F64,
};

/// Deepest expression nesting lowering accepts. Operator chains count too;
/// brackets are already capped by the lexer.
pub const MAX_EXPR_DEPTH: usize = 1500;

/// What checking and evaluation read of a lowered file: its tree and where
/// its imports lead, with places as anchors and no byte positions. A file
/// whose text only moved has the module it had, so the [`module`] query
/// keeps its old revision and nothing computed from it runs again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Module {
    /// The file's expression.
    pub root: Node,
    /// The file each import leads to, indexed by [`NodeKind::Import`]
    /// (`None` when it failed, reported in [`Lowered::imports`]).
    pub imports: Vec<Option<ImportTarget>>,
}

/// A lowered file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lowered {
    /// The tree and its imports' targets, position-free.
    pub module: Arc<Module>,
    /// Its imports as written, with their spans and failures.
    pub imports: Vec<Import>,
    /// Every resolved use of a variable, with the span of the binding it
    /// refers to (the side table behind go-to-definition and references).
    pub definitions: Vec<(Span, Span)>,
    /// Every use of a builtin, by the span of its name.
    pub builtin_uses: Vec<(Span, Builtin)>,
    /// Names and duplicates that did not resolve (import failures are kept
    /// in [`Lowered::imports`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The syntax errors of the file.
    pub syntax: Vec<Diagnostic>,
    /// The file's token boundaries: its source map from the module's
    /// anchors to spans ([`crate::syntax::anchor`]).
    pub anchors: Arc<Anchors>,
}

impl Lowered {
    /// The bytes `at` covers.
    pub fn span(&self, at: Anchor) -> Span {
        self.anchors.span(at)
    }

    /// The file read by the import whose path is written at `offset`:
    /// `Some(None)` for an import there that did not resolve.
    pub fn import_at(&self, offset: usize) -> Option<Option<SourceFile>> {
        self.imports
            .iter()
            .find(|i| i.span.start() <= offset && offset <= i.span.end())
            .map(|i| i.target.as_ref().ok().map(ImportTarget::file))
    }

    /// The bytes of `place`, when it is in `file` (this file).
    pub fn bytes_of(&self, file: SourceFile, place: Place) -> Option<Span> {
        match place.at {
            _ if place.file != file => None,
            At::Span(span) => Some(span),
            At::Anchor(anchor) => Some(self.anchors.span(anchor)),
        }
    }
}

/// The bytes of `place`, looked up in its file's token boundaries.
pub fn span_of(db: &dyn Db, place: Place) -> Span {
    match place.at {
        At::Span(span) => span,
        At::Anchor(anchor) => lower(db, place.file).anchors.span(anchor),
    }
}

/// Turns the anchors of `diagnostics` into spans, through the lowered
/// files' token boundaries: what every query that hands diagnostics out
/// does last.
pub fn resolve_places(db: &dyn Db, diagnostics: &mut [Diagnostic]) {
    crate::diagnostics::resolve(diagnostics, |file| lower(db, file).anchors.clone());
}

/// The position-free part of [`lower`]: what the checker and the evaluator
/// read of a file, so that moving text in it re-runs neither.
#[salsa::tracked(returns(ref))]
pub fn module(db: &dyn Db, file: SourceFile) -> Arc<Module> {
    lower(db, file).module.clone()
}

/// Stack that dropping the syntax tree of a file may need, per byte of the
/// file. Dropping recurses once per level of the tree without looking at
/// the stack, and a level can take a single byte (`- - 1`, `!!x`); a
/// level's drop needs far less than this, and unused reserve costs only
/// address space.
const STACK_PER_BYTE: usize = 2 * 1024;

/// The lowered, name-resolved form of a Floe file, with its imports
/// resolved and every problem found on the way.
#[salsa::tracked(returns(ref))]
pub fn lower(db: &dyn Db, file: SourceFile) -> Lowered {
    lower_file(db, file)
}

/// Lowers `file`.
pub fn lower_file(db: &dyn Db, file: SourceFile) -> Lowered {
    // The parser and the lowering grow their stack as they recurse, but the
    // syntax tree's drop cannot, so it gets enough up front: on the current
    // stack when that has room (any ordinary file), else on a new one,
    // reserved lazily (touched only as deep as used).
    let need = file
        .text(db)
        .len()
        .saturating_mul(STACK_PER_BYTE)
        .clamp(64 * 1024, 1 << 30);
    stacker::maybe_grow(need, need, || lower_on_stack(db, file))
}

fn lower_on_stack(db: &dyn Db, file: SourceFile) -> Lowered {
    // A one-shot run (the command line) reads each file's tree once, so it
    // does not keep it; an editor's database keeps the `parse` query's.
    let owned;
    let parsed = if db.is_one_shot() {
        owned = crate::syntax::Parse::of(file.text(db));
        &owned
    } else {
        crate::db::parse(db, file)
    };
    let root = parsed.ast();
    let syntax = parsed
        .errors
        .iter()
        .map(|e| crate::diagnostics::syntax::describe(file, e))
        .collect();
    // An `-e` expression sees the input file's value as `it`, in slot 0 of
    // its top frame.
    let scopes = match file.origin(db) {
        crate::db::Origin::Inline { it: true, .. } => {
            vec![Scope::new(vec![Slot::new("it", Span::default())])]
        }
        _ => vec![Scope::new(Vec::new())],
    };
    let mut lowerer = Lowerer {
        db,
        file,
        anchors: &parsed.anchors,
        text: file.text(db),
        comments: &parsed.comments,
        scopes,
        definitions: Vec::new(),
        builtin_uses: Vec::new(),
        imports: Vec::new(),
        import_index: HashMap::new(),
        diagnostics: Vec::new(),
        depth: 0,
        // Past the parser's own limit the rest of the file is an error
        // node, already reported as too deep.
        too_deep: parsed
            .errors
            .iter()
            .any(|e| matches!(e, crate::syntax::SyntaxError::TooDeep { .. })),
    };
    let root = lowerer.expr(&root);
    let targets = lowerer
        .imports
        .iter()
        .map(|i| i.target.as_ref().ok().cloned())
        .collect();
    Lowered {
        module: Arc::new(Module {
            root,
            imports: targets,
        }),
        definitions: lowerer.definitions,
        builtin_uses: lowerer.builtin_uses,
        imports: lowerer.imports,
        diagnostics: lowerer.diagnostics,
        syntax,
        anchors: parsed.anchors.clone(),
    }
}

struct Lowerer<'a> {
    db: &'a dyn Db,
    file: SourceFile,
    anchors: &'a Anchors,
    text: &'a str,
    comments: &'a [crate::syntax::lexer::Comment],
    /// Innermost last; each is one frame's slot names.
    scopes: Vec<Scope>,
    /// Each resolved use of a name, with the span of its definition.
    definitions: Vec<(Span, Span)>,
    builtin_uses: Vec<(Span, Builtin)>,
    imports: Vec<Import>,
    import_index: HashMap<String, u32>,
    diagnostics: Vec<Diagnostic>,
    depth: usize,
    too_deep: bool,
}

fn node(at: Anchor, kind: NodeKind) -> Node {
    Node { at, kind }
}

fn name(s: &str) -> Name {
    Arc::from(s)
}

impl Lowerer<'_> {
    /// The anchor of `span`, as the tree keeps places.
    fn at(&self, span: Span) -> Anchor {
        self.anchors.anchor(span)
    }

    fn path_keys(&self, path: &[ast::Key]) -> Vec<PathKey> {
        path.iter()
            .map(|k| PathKey {
                name: name(&k.name),
                at: self.at(k.span),
            })
            .collect()
    }

    /// The bytes of `at`, for the diagnostics lowering reports.
    fn span_of(&self, at: Anchor) -> Span {
        self.anchors.span(at)
    }

    /// A place of this file, by its bytes: lowering's own diagnostics are
    /// about the file being lowered, so they need no anchors.
    fn place(&self, span: Span) -> Place {
        Place::span(self.file, span)
    }

    /// Enters one level of nesting; false (after reporting it once) when
    /// that goes past [`MAX_EXPR_DEPTH`].
    fn enter(&mut self, span: Span, what: &'static str) -> bool {
        self.depth += 1;
        if self.depth <= MAX_EXPR_DEPTH {
            return true;
        }
        self.depth -= 1;
        if !self.too_deep {
            self.too_deep = true;
            self.diagnostics.push(
                NameError::TooDeep {
                    what,
                    limit: MAX_EXPR_DEPTH,
                    at: self.place(span),
                }
                .diagnostic(),
            );
        }
        false
    }

    fn expr(&mut self, e: &Expr) -> Node {
        if !self.enter(e.span, "expression") {
            return node(self.at(e.span), NodeKind::Error);
        }
        let out = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.expr_inner(e));
        self.depth -= 1;
        out
    }

    fn boxed(&mut self, e: &Expr) -> Box<Node> {
        Box::new(self.expr(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> Node {
        let kind = match &e.kind {
            ExprKind::Error => NodeKind::Error,
            ExprKind::Null => NodeKind::Null,
            ExprKind::Bool(b) => NodeKind::Bool(*b),
            ExprKind::Int(n) => NodeKind::Int(*n),
            ExprKind::Float(x) => NodeKind::Float(F64(*x)),
            ExprKind::Str(parts) => self.string(parts),
            ExprKind::Var(ident) => self.variable(ident),
            ExprKind::List(items) => NodeKind::List(items.iter().map(|i| self.expr(i)).collect()),
            ExprKind::Record(fields) => NodeKind::Record(self.record(fields)),
            ExprKind::Select {
                target,
                path,
                default,
            } => NodeKind::Select {
                target: self.boxed(target),
                path: self.path_keys(path),
                default: default.as_ref().map(|d| self.boxed(d)),
            },
            ExprKind::Has { target, path } => NodeKind::Has {
                target: self.boxed(target),
                path: self.path_keys(path),
            },
            ExprKind::Apply { func, arg } => NodeKind::Apply {
                func: self.boxed(func),
                arg: self.boxed(arg),
            },
            ExprKind::Lambda { param, body } => self.lambda(param, body, e.span),
            ExprKind::Let { bindings, body } => self.let_(bindings, body),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => NodeKind::If {
                cond: self.boxed(cond),
                then: self.boxed(then),
                otherwise: self.boxed(otherwise),
            },
            ExprKind::Unary { op, operand } => NodeKind::Unary {
                op: *op,
                operand: self.boxed(operand),
            },
            ExprKind::Binary {
                op,
                op_span,
                lhs,
                rhs,
            } => NodeKind::Binary {
                op: *op,
                op_at: self.at(*op_span),
                lhs: self.boxed(lhs),
                rhs: self.boxed(rhs),
            },
            ExprKind::Import { path, path_span } => self.import(path, *path_span),
            ExprKind::Annot { expr, ty } => NodeKind::Annot {
                expr: self.boxed(expr),
                ty: Box::new(self.ty(ty)),
            },
        };
        node(self.at(e.span), kind)
    }

    fn string(&mut self, parts: &[StrPart]) -> NodeKind {
        match parts {
            [] => NodeKind::Text(name("")),
            [StrPart::Text(t)] => NodeKind::Text(name(t)),
            _ => NodeKind::Interp(
                parts
                    .iter()
                    .map(|p| match p {
                        StrPart::Text(t) => Piece::Text(name(t)),
                        StrPart::Interp(e) => Piece::Expr(self.expr(e)),
                    })
                    .collect(),
            ),
        }
    }

    fn variable(&mut self, ident: &ast::Ident) -> NodeKind {
        for (up, scope) in self.scopes.iter().rev().enumerate() {
            if let Some(&index) = scope.index.get(ident.name.as_str()) {
                if let Some(slot) = scope.slots.get(index) {
                    if slot.def != Span::default() {
                        self.definitions.push((ident.span, slot.def));
                    }
                }
                return NodeKind::Local {
                    up: u32::try_from(up).unwrap_or(u32::MAX),
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    name: name(&ident.name),
                };
            }
        }
        if let Some(builtin) = Builtin::by_name(&ident.name) {
            self.builtin_uses.push((ident.span, builtin));
            return NodeKind::Builtin(builtin);
        }
        if ident.name.is_empty() {
            return NodeKind::Error;
        }
        let candidates = self
            .scopes
            .iter()
            .flat_map(|s| &s.slots)
            .map(|n| n.to_string())
            .chain(Builtin::ALL.iter().map(|b| b.name().to_string()));
        self.diagnostics.push(
            NameError::Undefined {
                name: ident.name.clone(),
                at: self.place(ident.span),
                suggestion: did_you_mean(&ident.name, candidates),
            }
            .diagnostic(),
        );
        NodeKind::Error
    }

    fn record(&mut self, fields: &[ast::Field]) -> Vec<RecordField> {
        let mut tree = Tree::default();
        for field in fields {
            if field.path.is_empty() {
                continue; // a field that did not parse
            }
            self.insert(&mut tree, &field.path, &field.value);
        }
        self.build(tree)
    }

    fn insert<'e>(&mut self, tree: &mut Tree<'e>, path: &'e [ast::Key], value: &'e Expr) {
        let Some((key, rest)) = path.split_first() else {
            return;
        };
        let pos = tree.index.get(key.name.as_str()).copied();
        let Some(pos) = pos else {
            let entry = if rest.is_empty() {
                match &value.kind {
                    ExprKind::Record(fields) => {
                        let mut sub = Tree::default();
                        for f in fields.iter().filter(|f| !f.path.is_empty()) {
                            self.insert(&mut sub, &f.path, &f.value);
                        }
                        Entry::Nested(sub)
                    }
                    _ => Entry::Value(value),
                }
            } else {
                let mut sub = Tree::default();
                self.insert(&mut sub, rest, value);
                Entry::Nested(sub)
            };
            tree.index.insert(&key.name, tree.entries.len());
            tree.entries.push((key, entry, key.span));
            return;
        };
        let (first, entry, _) = &mut tree.entries[pos];
        let first_span = first.span;
        match entry {
            Entry::Nested(sub) if !rest.is_empty() => self.insert(sub, rest, value),
            Entry::Nested(sub) => match &value.kind {
                ExprKind::Record(fields) => {
                    for f in fields.iter().filter(|f| !f.path.is_empty()) {
                        self.insert(sub, &f.path, &f.value);
                    }
                }
                _ => self.duplicate(&key.name, first_span, key.span),
            },
            Entry::Value(_) => self.duplicate(&key.name, first_span, key.span),
        }
    }

    fn duplicate(&mut self, key: &str, first: Span, again: Span) {
        self.diagnostics.push(
            NameError::DuplicateField {
                key: key.to_string(),
                first: self.place(first),
                again: self.place(again),
            }
            .diagnostic(),
        );
    }

    fn build(&mut self, tree: Tree<'_>) -> Vec<RecordField> {
        tree.entries
            .into_iter()
            .map(|(key, entry, span)| {
                let value = match entry {
                    Entry::Value(e) => self.expr(e),
                    Entry::Nested(sub) => node(self.at(span), NodeKind::Record(self.build(sub))),
                };
                RecordField {
                    name: name(&key.name),
                    key_at: self.at(key.span),
                    value,
                }
            })
            .collect()
    }

    fn lambda(&mut self, param: &ast::Param, body: &Expr, span: Span) -> NodeKind {
        let mut param_ty = None;
        let lowered = match param {
            ast::Param::Name(ident) => {
                self.scopes
                    .push(Scope::new(vec![Slot::new(&ident.name, ident.span)]));
                LambdaParam::Name(name(&ident.name))
            }
            ast::Param::Typed { name: ident, ty } => {
                param_ty = Some(self.ty(ty));
                self.scopes
                    .push(Scope::new(vec![Slot::new(&ident.name, ident.span)]));
                LambdaParam::Name(name(&ident.name))
            }
            ast::Param::Record {
                fields,
                open,
                bind,
                span: pat_span,
            } => {
                // Field types are in the scope around the lambda.
                let field_types: Vec<Option<TypeNode>> = fields
                    .iter()
                    .map(|f| f.ty.as_ref().map(|t| self.ty(t)))
                    .collect();
                let mut slots: Vec<Slot> = Vec::new();
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for f in fields {
                    if let Some(first) = seen.insert(&f.name.name, f.name.span) {
                        self.duplicate_binding(&f.name.name, first, f.name.span);
                    }
                    slots.push(Slot::new(&f.name.name, f.name.span));
                }
                if let Some(b) = bind {
                    slots.push(Slot::new(&b.name, b.span));
                }
                self.scopes.push(Scope::new(slots));
                // Defaults see the other fields, as in a `let`.
                let fields = fields
                    .iter()
                    .zip(field_types)
                    .map(|(f, ty)| PatternField {
                        name: name(&f.name.name),
                        ty,
                        at: self.at(f.name.span),
                        default: f.default.as_ref().map(|d| self.expr(d)),
                    })
                    .collect();
                LambdaParam::Record {
                    fields,
                    open: *open,
                    bind: bind.is_some(),
                    at: self.at(*pat_span),
                }
            }
        };
        let body = self.expr(body);
        self.scopes.pop();
        NodeKind::Lambda(Arc::new(Lambda {
            param: lowered,
            body,
            param_ty,
            at: self.at(span),
        }))
    }

    fn duplicate_binding(&mut self, n: &str, first: Span, again: Span) {
        self.diagnostics.push(
            NameError::DuplicateBinding {
                name: n.to_string(),
                first: self.place(first),
                again: self.place(again),
            }
            .diagnostic(),
        );
    }

    fn let_(&mut self, ast_bindings: &[ast::Binding], body: &Expr) -> NodeKind {
        let bindings = ast_bindings;
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut slots = Vec::new();
        for b in bindings {
            if b.name.name.is_empty() {
                slots.push(Slot::new("", Span::default()));
                continue;
            }
            if let Some(first) = seen.insert(&b.name.name, b.name.span) {
                self.duplicate_binding(&b.name.name, first, b.name.span);
            }
            slots.push(Slot::new(&b.name.name, b.name.span));
        }
        self.scopes.push(Scope::new(slots));
        let bindings: Vec<Node> = ast_bindings
            .iter()
            .map(|b| match &b.kind {
                ast::BindingKind::Value { ty: None, value } => self.expr(value),
                ast::BindingKind::Value {
                    ty: Some(ty),
                    value,
                } => node(
                    self.at(value.span),
                    NodeKind::Annot {
                        expr: self.boxed(value),
                        ty: Box::new(self.ty(ty)),
                    },
                ),
                ast::BindingKind::Type(ty) => {
                    node(self.at(ty.span), NodeKind::Type(Box::new(self.ty(ty))))
                }
            })
            .collect();
        self.alias_cycles(&bindings, ast_bindings);
        self.type_cycles(&bindings, ast_bindings);
        let body = self.boxed(body);
        self.scopes.pop();
        NodeKind::Let { bindings, body }
    }

    /// Reports each cycle of bindings of one `let` whose values are only
    /// names of each other (`a = b, b = a`): such a binding has no value at
    /// all, whether or not anything demands it.
    fn alias_cycles(&mut self, lowered: &[Node], bindings: &[ast::Binding]) {
        let target = |i: usize| match lowered.get(i).map(|n| &n.kind) {
            Some(NodeKind::Local { up: 0, index, .. }) => Some(*index as usize),
            _ => None,
        };
        // 0: not seen, 1: on the walk from the current start, 2: done.
        let mut state = vec![0u8; lowered.len()];
        for start in 0..lowered.len() {
            let mut walk = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at.filter(|&i| state.get(i) == Some(&0)) {
                state[i] = 1;
                walk.push(i);
                at = target(i);
            }
            // The walk stopped at a binding with a value, at one already
            // done, or back on itself: a cycle.
            let cycle_start = at
                .filter(|&i| state.get(i) == Some(&1))
                .and_then(|i| walk.iter().position(|&w| w == i));
            if let Some(pos) = cycle_start {
                self.alias_cycle(walk.get(pos..).unwrap_or_default(), lowered, bindings);
            }
            for i in walk {
                state[i] = 2;
            }
        }
    }

    fn alias_cycle(&mut self, cycle: &[usize], lowered: &[Node], bindings: &[ast::Binding]) {
        let links: Vec<(&str, &Node)> = cycle
            .iter()
            .filter_map(|&i| Some((bindings.get(i)?.name.name.as_str(), lowered.get(i)?)))
            .collect();
        let Some((first, rest)) = links.split_first() else {
            return;
        };
        let link = |(name, value): &(&str, &Node)| {
            let target = match &value.kind {
                NodeKind::Local { name, .. } => name.to_string(),
                _ => String::new(),
            };
            (name.to_string(), target, self.place(self.span_of(value.at)))
        };
        let links = std::iter::once(first).chain(rest).map(link).collect();
        self.diagnostics
            .push(NameError::AliasCycle { links }.diagnostic());
    }

    /// Reports a cycle of `let type` bindings that refer to each other
    /// where nothing stops the checking: directly, through `?` or through a
    /// refinement's base (`type T = T?`). Inside a record field, a list or
    /// a map a type may refer to itself: values are finite.
    fn type_cycles(&mut self, lowered: &[Node], bindings: &[ast::Binding]) {
        let edges: Vec<Vec<(usize, Span)>> = lowered
            .iter()
            .map(|n| {
                let mut out = Vec::new();
                if let NodeKind::Type(t) = &n.kind {
                    unguarded_refs(t, &mut out);
                }
                out.into_iter()
                    .map(|(i, at)| (i, self.span_of(at)))
                    .collect()
            })
            .collect();
        // Depth-first, without recursion; `on_path[i]` is where binding i
        // is on the current path.
        let mut done = vec![false; lowered.len()];
        let mut on_path: Vec<Option<usize>> = vec![None; lowered.len()];
        for start in 0..lowered.len() {
            let mut path: Vec<(usize, usize, Span)> = vec![(start, 0, Span::default())];
            on_path[start] = Some(0);
            while let Some(&mut (at, ref mut next, _)) = path.last_mut() {
                let edge = edges.get(at).and_then(|e| e.get(*next)).copied();
                *next += 1;
                match edge {
                    None => {
                        done[at] = true;
                        on_path[at] = None;
                        path.pop();
                    }
                    Some((to, _)) if done.get(to) != Some(&false) => {}
                    Some((to, span)) => match on_path.get(to).copied().flatten() {
                        Some(pos) => {
                            let mut cycle: Vec<(usize, Span)> =
                                path.iter().skip(pos + 1).map(|&(i, _, s)| (i, s)).collect();
                            cycle.push((to, span));
                            self.type_cycle(&cycle, bindings);
                            for &(i, _, _) in &path {
                                done[i] = true;
                                on_path[i] = None;
                            }
                            path.clear();
                        }
                        None => {
                            on_path[to] = Some(path.len());
                            path.push((to, 0, span));
                        }
                    },
                }
            }
        }
    }

    /// `cycle` lists each reference of the cycle with the binding it names;
    /// each is written in the definition of the one before it.
    fn type_cycle(&mut self, cycle: &[(usize, Span)], bindings: &[ast::Binding]) {
        let name = |i: usize| bindings.get(i).map_or("?", |b| b.name.name.as_str());
        let referrer = |k: usize| {
            let before = (k + cycle.len() - 1) % cycle.len().max(1);
            cycle.get(before).map_or("?", |&(i, _)| name(i))
        };
        if cycle.is_empty() {
            return;
        }
        let links = cycle
            .iter()
            .enumerate()
            .map(|(k, &(i, span))| {
                (
                    referrer(k).to_string(),
                    name(i).to_string(),
                    self.place(span),
                )
            })
            .collect();
        self.diagnostics
            .push(TypeError::SelfDefined { links }.diagnostic());
    }

    fn import(&mut self, path: &str, span: Span) -> NodeKind {
        if let Some(i) = self.import_index.get(path) {
            return NodeKind::Import(*i);
        }
        let index = u32::try_from(self.imports.len()).unwrap_or(u32::MAX);
        self.imports
            .push(resolve_import(self.db, self.file, path, span));
        self.import_index.insert(path.to_string(), index);
        NodeKind::Import(index)
    }
}

impl Lowerer<'_> {
    fn ty(&mut self, t: &ast::TypeExpr) -> TypeNode {
        // Types nest like expressions and share their depth limit.
        if !self.enter(t.span, "type") {
            return TypeNode {
                at: self.at(t.span),
                kind: TypeNodeKind::Error,
            };
        }
        let kind = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.ty_kind(t));
        self.depth -= 1;
        TypeNode {
            at: self.at(t.span),
            kind,
        }
    }

    fn ty_kind(&mut self, t: &ast::TypeExpr) -> TypeNodeKind {
        use ast::TypeKind as T;
        match &t.kind {
            T::Error => TypeNodeKind::Error,
            T::Optional(inner) => TypeNodeKind::Optional(Box::new(self.ty(inner))),
            T::Function { param, result } => TypeNodeKind::Function {
                param: Box::new(self.ty(param)),
                result: Box::new(self.ty(result)),
            },
            T::Enum { tags, ordered } => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for tag in tags {
                    if let Some(first) = seen.insert(&tag.name, tag.span) {
                        self.diagnostics.push(
                            NameError::DuplicateTag {
                                tag: tag.name.clone(),
                                first: self.place(first),
                                again: self.place(tag.span),
                            }
                            .diagnostic(),
                        );
                    }
                }
                TypeNodeKind::Enum {
                    tags: self.path_keys(tags),
                    ordered: *ordered,
                }
            }
            T::Record { fields, open } => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                let mut out = Vec::with_capacity(fields.len());
                for f in fields {
                    if let Some(first) = seen.insert(&f.name.name, f.name.span) {
                        self.duplicate(&f.name.name, first, f.name.span);
                        continue;
                    }
                    let ty = self.ty(&f.ty);
                    if !f.over.is_empty() {
                        self.require_layer(&ty, &f.over);
                    }
                    out.push(FieldTypeNode {
                        mode: f.mode,
                        name: name(&f.name.name),
                        at: self.at(f.name.span),
                        ty,
                        over: f.over.iter().map(|i| name(&i.name)).collect(),
                        default: f.default.as_ref().map(|d| self.expr(d)),
                        doc: self.doc_before(f.name.span.start()).map(|d| name(&d)),
                    });
                }
                TypeNodeKind::Record {
                    fields: out,
                    open: *open,
                }
            }
            T::Named { path, args } => self.named_type(t.span, path, args),
            T::Refined { base, predicate } => TypeNodeKind::Refined {
                base: Box::new(self.ty(base)),
                predicate: self.boxed(predicate),
            },
        }
    }

    fn type_arity(&mut self, span: Span, name: &str, wanted: &str, given: usize) -> TypeNodeKind {
        self.diagnostics.push(
            TypeError::Arity {
                name: name.to_string(),
                wanted: wanted.to_string(),
                given,
                at: self.place(span),
            }
            .diagnostic(),
        );
        TypeNodeKind::Error
    }

    /// E0305 unless a field written `over` a value is a layer: nothing but
    /// a `Layer T` (or `Layer T?`) can be laid over another record.
    fn require_layer(&mut self, ty: &TypeNode, over: &[ast::Ident]) {
        let mut inner = ty;
        while let TypeNodeKind::Optional(t) = &inner.kind {
            inner = t;
        }
        if matches!(
            inner.kind,
            TypeNodeKind::Layer(_) | TypeNodeKind::Ref(_) | TypeNodeKind::Error
        ) {
            return;
        }
        let path = over
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let span = match (over.first(), over.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => self.span_of(ty.at),
        };
        self.diagnostics.push(
            TypeError::NotALayer {
                at: self.place(span),
                type_at: self.place(self.span_of(ty.at)),
                path,
            }
            .diagnostic(),
        );
    }

    fn named_type(
        &mut self,
        span: Span,
        path: &[ast::Ident],
        args: &[ast::TypeExpr],
    ) -> TypeNodeKind {
        let Some(first) = path.first() else {
            return TypeNodeKind::Error;
        };
        if path.len() == 1 {
            if let Some(prim) = Prim::by_name(&first.name) {
                return if args.is_empty() {
                    TypeNodeKind::Prim(prim)
                } else {
                    self.type_arity(span, &first.name, "no type arguments", args.len())
                };
            }
            match (first.name.as_str(), args) {
                ("List", [item]) => return TypeNodeKind::List(Box::new(self.ty(item))),
                ("List", _) => {
                    return self.type_arity(span, "List", "one type argument", args.len())
                }
                // Without an argument, `Layer` may be a type of the program's.
                ("Layer", [inner]) => return TypeNodeKind::Layer(Box::new(self.ty(inner))),
                ("Map", [value]) => return TypeNodeKind::Map(Box::new(self.ty(value))),
                ("Map", [key, value]) => {
                    let text_key = matches!(&key.kind, ast::TypeKind::Named { path, args }
                        if args.is_empty() && path.len() == 1 && path[0].name == "Text");
                    if !text_key {
                        self.diagnostics.push(
                            TypeError::MapKey {
                                at: self.place(key.span),
                            }
                            .diagnostic(),
                        );
                    }
                    return TypeNodeKind::Map(Box::new(self.ty(value)));
                }
                ("Map", _) => {
                    return self.type_arity(span, "Map", "one or two type arguments", args.len())
                }
                _ => {}
            }
        }
        if !args.is_empty() {
            return self.type_arity(span, &first.name, "no type arguments", args.len());
        }
        let bound = self
            .scopes
            .iter()
            .any(|scope| scope.index.contains_key(first.name.as_str()));
        if !bound {
            let candidates = self
                .scopes
                .iter()
                .flat_map(|s| &s.slots)
                .map(|n| n.to_string())
                .chain(BUILTIN_TYPES.iter().map(|t| t.to_string()));
            self.diagnostics.push(
                NameError::UndefinedType {
                    name: first.name.clone(),
                    at: self.place(first.span),
                    suggestion: did_you_mean(&first.name, candidates),
                }
                .diagnostic(),
            );
            return TypeNodeKind::Error;
        }
        let target = node(self.at(first.span), self.variable(first));
        let reference = match path.get(1..) {
            Some(rest) if !rest.is_empty() => node(
                self.at(span),
                NodeKind::Select {
                    target: Box::new(target),
                    path: rest
                        .iter()
                        .map(|i| PathKey {
                            name: name(&i.name),
                            at: self.at(i.span),
                        })
                        .collect(),
                    default: None,
                },
            ),
            _ => target,
        };
        TypeNodeKind::Ref(Box::new(reference))
    }

    /// The comment block ending just before `offset`, with only white space
    /// (and at most one line break) between each piece: a field's
    /// documentation.
    fn doc_before(&self, offset: usize) -> Option<String> {
        doc_comment(self.text, self.comments, offset)
    }
}

/// The names one frame binds, in slot order, with an index by name (the
/// last of equal names wins, as it shadows the others).
struct Scope {
    slots: Vec<Slot>,
    index: HashMap<String, usize>,
}

impl Scope {
    fn new(slots: Vec<Slot>) -> Scope {
        let index = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.to_string(), i))
            .collect();
        Scope { slots, index }
    }
}

/// A bound name in a scope, with where it was bound.
struct Slot {
    name: Name,
    def: Span,
}

impl Slot {
    fn new(n: &str, def: Span) -> Slot {
        Slot { name: name(n), def }
    }
}

impl std::ops::Deref for Slot {
    type Target = str;
    fn deref(&self) -> &str {
        &self.name
    }
}

impl std::fmt::Display for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Lowered {
    /// The definition of the name used at `offset`, if any.
    pub fn definition_at(&self, offset: usize) -> Option<Span> {
        self.definitions
            .iter()
            .find(|(used, _)| used.start() <= offset && offset < used.end())
            .map(|(_, def)| *def)
    }

    /// The binding at `offset`: the one a use there refers to, or the one
    /// whose name is written there.
    pub fn binding_at(&self, offset: usize) -> Option<Span> {
        self.definition_at(offset).or_else(|| {
            self.definitions
                .iter()
                .map(|(_, def)| *def)
                .find(|def| def.start() <= offset && offset < def.end())
        })
    }

    /// Every use of the binding defined at `def`.
    pub fn references_of(&self, def: Span) -> Vec<Span> {
        self.definitions
            .iter()
            .filter(|(_, d)| *d == def)
            .map(|(u, _)| *u)
            .collect()
    }
}

#[derive(Default)]
struct Tree<'e> {
    entries: Vec<(&'e ast::Key, Entry<'e>, Span)>,
    /// Where each key is in `entries`, so that a record of n fields is
    /// built in n steps, not n².
    index: HashMap<&'e str, usize>,
}

/// The comment block written just above `offset` (each line's `#` and
/// surrounding white space removed), if there is one: the documentation of
/// the binding or field written there. A field mode (`stronger`, …) or a
/// `let` may stand between the comment and the name.
pub fn doc_comment(
    text: &str,
    comments: &[crate::syntax::lexer::Comment],
    offset: usize,
) -> Option<String> {
    let mut lines = Vec::new();
    let mut end = offset;
    for comment in comments.iter().rev().skip_while(|c| c.span.end() > offset) {
        let between = text.get(comment.span.end()..end)?;
        let word = between.trim();
        // A field mode, or the `let` (`let type`) that opens a binding.
        let is_mode = lines.is_empty()
            && ([
                "final", "subset", "append", "required", "stronger", "let", "type", "let type",
            ]
            .contains(&word)
                || word.starts_with("stronger("));
        if !(word.is_empty() || is_mode) || between.matches('\n').count() > 1 {
            break;
        }
        let line = text.get(comment.span.range())?;
        lines.push(line.trim_start_matches('#').trim().to_string());
        end = comment.span.start();
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

enum Entry<'e> {
    Value(&'e Expr),
    Nested(Tree<'e>),
}

/// The bindings of the enclosing `let` that `t` refers to with nothing in
/// between that a value must be inside of (a record, a list, a map, a
/// function), each with the reference's place.
fn unguarded_refs(t: &TypeNode, out: &mut Vec<(usize, Anchor)>) {
    let mut t = t;
    loop {
        match &t.kind {
            TypeNodeKind::Ref(node) => {
                if let NodeKind::Local { up: 0, index, .. } = node.kind {
                    out.push((index as usize, node.at));
                }
                return;
            }
            TypeNodeKind::Optional(inner) => t = inner,
            TypeNodeKind::Refined { base, .. } => t = base,
            _ => return,
        }
    }
}

pub use crate::diagnostics::words::did_you_mean;
