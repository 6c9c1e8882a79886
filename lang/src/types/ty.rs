//! The static types and the relations between them: compatibility, the
//! common type of two, the types of operators and merges.

use std::sync::Arc;

use super::Known;
use crate::data::Data;
use crate::diagnostics::types::FieldProblem;
use crate::diagnostics::Place;
use crate::resolve::ir::{Name, Prim};
use crate::syntax::ast::BinaryOp;

/// A static type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// Unknown, or anything: agrees with every type.
    Dynamic,
    /// A primitive type.
    Prim(Prim),
    /// Text tags.
    Enum {
        /// The tags.
        tags: Arc<[Name]>,
        /// Whether ordered.
        ordered: bool,
    },
    /// `List T`.
    List(Arc<Ty>),
    /// `Map Text T`.
    Map(Arc<Ty>),
    /// `T?`.
    Optional(Arc<Ty>),
    /// A record.
    Record(Arc<RecordTy>),
    /// A function.
    Function(Arc<Ty>, Arc<Ty>),
    /// A type used as a value: the type of `Service` in `let type Service = …`.
    Type(Arc<Ty>),
    /// A type referred to by name, for messages.
    Named(Name, Arc<Ty>),
    /// `T where predicate`.
    Refined(Arc<Ty>, Arc<Rule>),
}

/// A refinement as the checker sees it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The predicates (several when written as a list), each with what the
    /// checker can decide of it, its text and where it is written.
    pub checks: Vec<(StaticPred, String, Place)>,
    /// The whole refinement as written.
    pub text: String,
}

/// Refinements the checker decides on literal values; anything else is
/// left to evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StaticPred {
    /// `between lo hi` (bounds as written, compared as floats).
    Between(crate::resolve::ir::F64, crate::resolve::ir::F64),
    /// `length_between lo hi` and `non_empty`.
    Length(i64, i64),
    /// `matches pattern`.
    Matches(Name),
    /// Decided at evaluation.
    Unknown,
}

/// A record type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordTy {
    /// The fields, in order.
    pub fields: Vec<FieldTy>,
    /// Whether other fields are allowed.
    pub open: bool,
    /// The layers laid `over` a field, at any depth below.
    pub over: Overs,
}

/// Where the layers of a record type's fields are laid (`Layer T over f`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Overs {
    /// The names, below the record, that layers are laid over and that no
    /// record on the way has: an enclosing record must have them.
    pub pending: Arc<[Name]>,
    /// Whether a field of this record is what a layer below is laid over:
    /// checking a value of the record checks those layers.
    pub anchored: bool,
}

impl RecordTy {
    /// A record type of `fields`, with where its layers are laid worked out.
    pub fn new(fields: Vec<FieldTy>, open: bool) -> RecordTy {
        let mut wanted: Vec<Name> = Vec::new();
        for f in &fields {
            wanted.extend(f.over.first().cloned());
            wanted.extend(pending(&f.ty).iter().cloned());
        }
        let anchored = wanted.iter().any(|w| fields.iter().any(|f| f.name == *w));
        wanted.retain(|w| !fields.iter().any(|f| f.name == *w));
        wanted.dedup();
        RecordTy {
            fields,
            open,
            over: Overs {
                pending: wanted.into(),
                anchored,
            },
        }
    }
}

/// The names layers inside `ty` are laid over that `ty` does not have.
fn pending(ty: &Ty) -> &[Name] {
    match ty {
        Ty::Record(rt) => &rt.over.pending,
        Ty::List(t) | Ty::Map(t) | Ty::Optional(t) | Ty::Named(_, t) | Ty::Refined(t, _) => {
            pending(t)
        }
        _ => &[],
    }
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldTy {
    /// How a child layer may change it.
    pub mode: crate::syntax::ast::Mode,
    /// The name.
    pub name: Name,
    /// The type.
    pub ty: Ty,
    /// Whether the type gives a default.
    pub has_default: bool,
    /// The default, where it is written literally.
    pub default: Known,
    /// Where it was declared (for types written as types), by anchor.
    pub decl: Option<Place>,
    /// Its documentation.
    pub doc: Option<Name>,
    /// The dotted path of the enclosing record's field this field, a
    /// layer, is laid over (`Layer T over enterprise`); empty if none.
    pub over: Vec<Name>,
}

impl FieldTy {
    /// A field known from a value rather than declared by a type.
    pub fn inferred(name: Name, ty: Ty) -> FieldTy {
        FieldTy {
            mode: Default::default(),
            name,
            ty,
            has_default: false,
            default: Known::Unknown,
            decl: None,
            doc: None,
            over: Vec::new(),
        }
    }
}

impl Ty {
    /// The type without its name.
    pub fn strip(&self) -> &Ty {
        match self {
            Ty::Named(_, t) | Ty::Refined(t, _) => t.strip(),
            t => t,
        }
    }

    /// The type as written: `List Int`, `Service`, `{ name : Text, .. }`;
    /// long types are cut short for messages.
    pub fn text(&self) -> String {
        // Types nest as deeply as the program's type annotations do.
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || {
            crate::diagnostics::words::shorten(self.full_text())
        })
    }

    fn full_text(&self) -> String {
        match self {
            Ty::Dynamic => "Dynamic".to_string(),
            Ty::Prim(p) => p.name().to_string(),
            Ty::Named(n, _) => n.to_string(),
            Ty::Refined(t, rule) => format!("{} where {}", t.text(), rule.text),
            Ty::Enum { tags, ordered } => {
                let sep = if *ordered { " < " } else { " | " };
                crate::diagnostics::words::tag_list(tags.iter().map(|t| &**t), sep)
            }
            Ty::List(t) => format!("List {}", t.atom()),
            Ty::Map(t) => format!("Map Text {}", t.atom()),
            Ty::Optional(t) => format!("{}?", t.atom()),
            Ty::Function(a, b) => format!("{} -> {}", a.atom(), b.text()),
            Ty::Type(t) => format!("Type ({})", t.text()),
            Ty::Record(r) => {
                let mut parts: Vec<String> = r
                    .fields
                    .iter()
                    .take(4)
                    .map(|f| match f.ty {
                        Ty::Dynamic => f.name.to_string(),
                        _ => format!("{} : {}", f.name, f.ty.text()),
                    })
                    .collect();
                if r.fields.len() > 4 {
                    parts.push("…".to_string());
                }
                if r.open {
                    parts.push("..".to_string());
                }
                if parts.is_empty() {
                    "{}".to_string()
                } else {
                    format!("{{ {} }}", parts.join(", "))
                }
            }
        }
    }

    fn atom(&self) -> String {
        match self {
            Ty::List(_) | Ty::Map(_) | Ty::Function(..) | Ty::Type(_) => {
                format!("({})", self.text())
            }
            Ty::Enum { tags, .. } if tags.len() > 1 => format!("({})", self.text()),
            _ => self.text(),
        }
    }

    /// The kind of value, for messages: "text", "a record".
    pub(super) fn kind(&self) -> String {
        match self.strip() {
            Ty::Prim(Prim::Text) | Ty::Enum { .. } => "text".to_string(),
            Ty::Prim(Prim::Int) => "an integer".to_string(),
            Ty::Prim(Prim::Float) => "a float".to_string(),
            Ty::Prim(Prim::Bool) => "a boolean".to_string(),
            Ty::Prim(Prim::Null) => "null".to_string(),
            Ty::List(_) => "a list".to_string(),
            Ty::Record(_) | Ty::Map(_) => "a record".to_string(),
            Ty::Function(..) => "a function".to_string(),
            Ty::Type(_) => "a type".to_string(),
            t => format!("`{}`", t.text()),
        }
    }
}

/// Where a record is expected and something else was written: the
/// record's shape, so that the fix is at hand (a secret reference is
/// `{ secret, key }`, never the secret's text).
pub(super) fn record_shape(found: &Ty, expected: &Ty) -> Option<String> {
    let record = match expected.strip() {
        Ty::Optional(inner) => inner.strip(),
        t => t,
    };
    match (found.strip(), record) {
        (Ty::Record(_) | Ty::Map(_), _) => None,
        (_, Ty::Record(r)) if !r.fields.is_empty() => {
            // Field types without their refinements: the shape, briefly.
            let plain = |t: &Ty| match t.strip() {
                Ty::Optional(inner) => format!("{}?", inner.strip().atom()),
                t => t.text(),
            };
            let mut fields: Vec<String> = r
                .fields
                .iter()
                .take(4)
                .map(|f| format!("{} : {}", f.name, plain(&f.ty)))
                .collect();
            if r.fields.len() > 4 {
                fields.push("…".to_string());
            }
            Some(crate::diagnostics::words::shorten(format!(
                "{{ {} }}",
                fields.join(", ")
            )))
        }
        _ => None,
    }
}

pub(super) fn prim(p: Prim) -> Ty {
    Ty::Prim(p)
}

/// The type of plain data: exact, since the data is known.
pub fn data_type(data: &Data) -> Ty {
    match data {
        Data::Null => prim(Prim::Null),
        Data::Bool(_) => prim(Prim::Bool),
        Data::Int(_) => prim(Prim::Int),
        Data::Float(_) => prim(Prim::Float),
        Data::Text(_) => prim(Prim::Text),
        Data::List(items) => Ty::List(Arc::new(join_all(items.iter().map(data_type)))),
        Data::Record(fields) => Ty::Record(Arc::new(RecordTy::new(
            fields
                .iter()
                .map(|(k, v)| FieldTy::inferred(k.clone(), data_type(v)))
                .collect(),
            false,
        ))),
    }
}

/// The least type of two: equal types stay, others become `Dynamic`.
pub(super) fn join(a: Ty, b: Ty) -> Ty {
    if a == b {
        return a;
    }
    match (a.strip(), b.strip()) {
        (Ty::Prim(Prim::Null), t) | (t, Ty::Prim(Prim::Null)) => Ty::Optional(Arc::new(t.clone())),
        (Ty::Prim(Prim::Int), Ty::Prim(Prim::Float))
        | (Ty::Prim(Prim::Float), Ty::Prim(Prim::Int)) => prim(Prim::Float),
        _ => Ty::Dynamic,
    }
}

pub(super) fn join_all(mut tys: impl Iterator<Item = Ty>) -> Ty {
    match tys.next() {
        None => Ty::Dynamic,
        Some(first) => tys.fold(first, join),
    }
}

/// Whether a value of type `found` may be a value of type `expected`; false
/// only when it certainly is not.
pub(super) fn compatible(found: &Ty, expected: &Ty) -> bool {
    use Ty as T;
    match (found.strip(), expected.strip()) {
        (T::Dynamic, _) | (_, T::Dynamic) => true,
        (T::Prim(a), T::Prim(b)) => a == b || (*a == Prim::Int && *b == Prim::Float),
        (T::Prim(Prim::Null), T::Optional(_)) => true,
        (T::Optional(a), T::Optional(b)) => compatible(a, b),
        // An optional value may well be present; only evaluation can tell.
        (T::Optional(a), b) => compatible(a, b),
        (a, T::Optional(b)) => compatible(a, b),
        (T::Prim(Prim::Text), T::Enum { .. }) | (T::Enum { .. }, T::Prim(Prim::Text)) => true,
        (T::Enum { tags: a, .. }, T::Enum { tags: b, .. }) => a.iter().all(|t| b.contains(t)),
        (T::List(a), T::List(b)) | (T::Map(a), T::Map(b)) => compatible(a, b),
        (T::Record(r), T::Map(t)) => r.fields.iter().all(|f| compatible(&f.ty, t)),
        (T::Map(_), T::Record(_)) => true,
        (T::Record(a), T::Record(b)) => record_problems(a, b).is_empty(),
        (T::Function(..), T::Function(..)) => true,
        (T::Type(_), T::Type(_)) => true,
        _ => false,
    }
}

/// Why a record of type `found` is not a record of type `expected`: missing
/// fields (without defaults, in a record that cannot have them), unknown
/// fields, fields of the wrong type.
pub(super) fn record_problems(found: &RecordTy, expected: &RecordTy) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    for f in &expected.fields {
        match found.fields.iter().find(|g| g.name == f.name) {
            Some(g) if !compatible(&g.ty, &f.ty) => match (g.ty.strip(), f.ty.strip()) {
                // Nested records: name the innermost problems, `a.c`.
                (Ty::Record(gr), Ty::Record(fr)) => problems.extend(
                    record_problems(gr, fr)
                        .into_iter()
                        .map(|p| p.under(&f.name)),
                ),
                _ => problems.push(FieldProblem::Wrong {
                    path: f.name.to_string(),
                    found: g.ty.kind(),
                    expected: f.ty.text(),
                }),
            },
            Some(_) => {}
            None if !f.has_default && !found.open => problems.push(FieldProblem::Missing {
                path: f.name.to_string(),
            }),
            None => {}
        }
    }
    if !expected.open {
        for g in &found.fields {
            if !expected.fields.iter().any(|f| f.name == g.name) {
                problems.push(FieldProblem::Unknown {
                    path: g.name.to_string(),
                });
            }
        }
    }
    problems
}

/// The type of a binary operation, where the operands make it certain.
pub(super) fn binary(op: BinaryOp, l: &Ty, r: &Ty) -> Ty {
    use BinaryOp as B;
    let (l, r) = (l.strip(), r.strip());
    let int = Ty::Prim(Prim::Int);
    let float = Ty::Prim(Prim::Float);
    match op {
        B::Eq | B::NotEq | B::Lt | B::Le | B::Gt | B::Ge | B::And | B::Or => prim(Prim::Bool),
        B::Add | B::Sub | B::Mul | B::Div | B::Rem => match (l, r) {
            (a, b) if *a == int && *b == int => int,
            (a, b) if (*a == int || *a == float) && (*b == int || *b == float) => float,
            (Ty::Prim(Prim::Text), Ty::Prim(Prim::Text)) if op == B::Add => prim(Prim::Text),
            _ => Ty::Dynamic,
        },
        B::Concat => match (l, r) {
            (Ty::List(a), Ty::List(b)) => Ty::List(Arc::new(join((**a).clone(), (**b).clone()))),
            _ => Ty::Dynamic,
        },
        B::Merge | B::DeepMerge => match (l, r) {
            (Ty::Record(a), Ty::Record(b)) => Ty::Record(Arc::new(merge(a, b, op == B::DeepMerge))),
            _ => Ty::Dynamic,
        },
        B::Pipe => Ty::Dynamic,
        // A child layer keeps the parent's schema.
        B::Extends => l.clone(),
    }
}

/// The record type of `a // b` (or `a & b` when `deep`).
pub(super) fn merge(a: &RecordTy, b: &RecordTy, deep: bool) -> RecordTy {
    let mut fields = a.fields.clone();
    for g in &b.fields {
        match fields.iter_mut().find(|f| f.name == g.name) {
            Some(f) => {
                f.ty = match (deep, f.ty.strip(), g.ty.strip()) {
                    (true, Ty::Record(x), Ty::Record(y)) => Ty::Record(Arc::new(merge(x, y, true))),
                    _ => g.ty.clone(),
                };
            }
            None => fields.push(g.clone()),
        }
    }
    RecordTy::new(fields, a.open || b.open)
}
