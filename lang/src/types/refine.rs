//! Refinements the checker can decide on literal values.

use super::ty::{Rule, StaticPred, Ty};
use crate::data::Data;
use crate::diagnostics::types::TypeError;
use crate::diagnostics::{Diagnostic, Place};
use crate::resolve::ir::{Node, NodeKind};

/// The refinement of `ty`, seen through names.
pub(super) fn refinement(ty: &Ty) -> Option<(&Ty, &Rule)> {
    match ty {
        Ty::Named(_, t) => refinement(t),
        Ty::Refined(base, rule) => Some((base, rule)),
        _ => None,
    }
}

/// A number written literally (`3`, `-2.5`).
pub(super) fn literal_number(node: &Node) -> Option<f64> {
    match &node.kind {
        NodeKind::Int(n) => Some(*n as f64),
        NodeKind::Float(x) => Some(x.0),
        NodeKind::Unary {
            op: crate::syntax::ast::UnaryOp::Neg,
            operand,
        } => literal_number(operand).map(|x| -x),
        _ => None,
    }
}

/// What the checker can decide of a refinement predicate.
pub(super) fn static_pred(node: &Node) -> StaticPred {
    use crate::builtins::Builtin as B;
    use crate::resolve::ir::F64;
    let mut args = Vec::new();
    let mut f = node;
    while let NodeKind::Apply { func, arg } = &f.kind {
        args.push(&**arg);
        f = func;
    }
    args.reverse();
    let NodeKind::Builtin(b) = f.kind else {
        return StaticPred::Unknown;
    };
    let n = |i: usize| args.get(i).and_then(|a| literal_number(a));
    match (b, args.len()) {
        (B::Between, 2) => match (n(0), n(1)) {
            (Some(lo), Some(hi)) => StaticPred::Between(F64(lo), F64(hi)),
            _ => StaticPred::Unknown,
        },
        (B::AtLeast, 1) => n(0).map_or(StaticPred::Unknown, |lo| {
            StaticPred::Between(F64(lo), F64(f64::INFINITY))
        }),
        (B::AtMost, 1) => n(0).map_or(StaticPred::Unknown, |hi| {
            StaticPred::Between(F64(f64::NEG_INFINITY), F64(hi))
        }),
        (B::LengthBetween, 2) => match (&args[0].kind, &args[1].kind) {
            (NodeKind::Int(lo), NodeKind::Int(hi)) => StaticPred::Length(*lo, *hi),
            _ => StaticPred::Unknown,
        },
        (B::NonEmpty, 0) => StaticPred::Length(1, i64::MAX),
        (B::Matches, 1) => match &args[0].kind {
            NodeKind::Text(p) => StaticPred::Matches(p.clone()),
            _ => StaticPred::Unknown,
        },
        _ => StaticPred::Unknown,
    }
}

/// Whether a literal satisfies a refinement, when that can be decided.
pub(super) fn static_holds(pred: &StaticPred, node: &Node) -> Option<bool> {
    let (number, length, text) = match &node.kind {
        NodeKind::Text(t) => (None, Some(t.chars().count()), Some(&**t)),
        NodeKind::List(items) => (None, Some(items.len()), None),
        NodeKind::Record(fields) => (None, Some(fields.len()), None),
        _ => (literal_number(node), None, None),
    };
    holds(pred, number, length, text)
}

/// Whether plain data (a value written in an imported file) satisfies a
/// refinement, when that can be decided.
pub(super) fn data_holds(pred: &StaticPred, data: &Data) -> Option<bool> {
    let (number, length, text) = match data {
        Data::Int(n) => (Some(*n as f64), None, None),
        Data::Float(x) => (Some(*x), None, None),
        Data::Text(t) => (None, Some(t.chars().count()), Some(&**t)),
        Data::List(items) => (None, Some(items.len()), None),
        Data::Record(fields) => (None, Some(fields.len()), None),
        _ => (None, None, None),
    };
    holds(pred, number, length, text)
}

fn holds(
    pred: &StaticPred,
    number: Option<f64>,
    length: Option<usize>,
    text: Option<&str>,
) -> Option<bool> {
    match pred {
        StaticPred::Unknown => None,
        StaticPred::Between(lo, hi) => number.map(|x| lo.0 <= x && x <= hi.0),
        StaticPred::Length(lo, hi) => length.map(|len| *lo <= len as i64 && len as i64 <= *hi),
        StaticPred::Matches(pattern) => {
            text.and_then(|t| compiled(pattern).map(|re| re.is_match(t)))
        }
    }
}

/// The whole-text regex of `pattern`, compiled once per thread: the same
/// few patterns judge every literal of a workspace.
fn compiled(pattern: &crate::resolve::ir::Name) -> Option<regex::Regex> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<crate::resolve::ir::Name, Option<regex::Regex>>> =
            Default::default();
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(re) = cache.get(pattern) {
            return re.clone();
        }
        // Patterns come from programs; a bound keeps the cache small.
        if cache.len() >= 1024 {
            cache.clear();
        }
        let re = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .size_limit(1 << 20)
            .build()
            .ok();
        cache.insert(pattern.clone(), re.clone());
        re
    })
}

/// A value written at `at` that does not satisfy the refinement `text`
/// written at `rule_at`.
pub(super) fn failure(at: Place, text: &str, rule_at: Place) -> Diagnostic {
    TypeError::Refused {
        rule: text.to_string(),
        at,
        rule_at,
    }
    .diagnostic()
}
