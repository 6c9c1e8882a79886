//! Operators on evaluated values. Each type error is worded once, here.

use std::rc::Rc;
use std::sync::Arc;

use super::value::{Site, Value};
use super::{MAX_SIZE, R};
use crate::diagnostics::eval::EvalError;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::{BinaryOp, UnaryOp};

thread_local! {
    /// The memory limit of the evaluation running on this thread.
    static MEMORY_LIMIT: std::cell::Cell<u64> = const { std::cell::Cell::new(u64::MAX) };
    /// Bytes announced to [`check_memory`] since memory was last measured,
    /// and how far below the limit that measurement was.
    static UNMEASURED: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// How much memory the process holds, in bytes, as the program embedding
/// the evaluator measures it (the CLI reads the resident set); unmeasured
/// until set.
static MEMORY_GAUGE: std::sync::OnceLock<fn() -> u64> = std::sync::OnceLock::new();

/// Sets how memory in use is measured for [`Limits::max_memory`](super::Limits).
pub fn set_memory_gauge(gauge: fn() -> u64) {
    let _ = MEMORY_GAUGE.set(gauge);
}

pub(super) fn set_memory_limit(bytes: u64) {
    MEMORY_LIMIT.with(|l| l.set(bytes));
    // Room measured under another limit says nothing under this one.
    UNMEASURED.with(|u| u.set((0, 0)));
}

/// Fails with E0514 when the process, with `more` bytes about to be
/// allocated, would hold more than the memory limit: checked before large
/// allocations and every so many steps, so that no allocation can fail.
pub(super) fn check_memory(more: u64, site: Site) -> R<()> {
    // Measuring reads the process's resident size from the system, five
    // system calls: allocations that together stay within half of the
    // room the last measurement left need no new one (a program joining
    // 70,000 short texts spent 70 % of its time measuring). The periodic
    // check (`more` 0) always measures.
    if more > 0 {
        let (announced, room) = UNMEASURED.with(std::cell::Cell::get);
        let announced = announced.saturating_add(more);
        if announced < room / 2 {
            UNMEASURED.with(|u| u.set((announced, room)));
            return Ok(());
        }
    }
    let limit = MEMORY_LIMIT.with(std::cell::Cell::get);
    let measured = MEMORY_GAUGE.get().map(|g| g());
    let used = measured.unwrap_or(0);
    UNMEASURED.with(|u| u.set((0, limit.saturating_sub(used))));
    if used.saturating_add(more) <= limit {
        return Ok(());
    }
    Err(EvalError::Memory {
        limit,
        used: measured,
        more,
        at: site,
    }
    .into())
}

/// Memory a list takes per item it shares with another (a pointer).
pub(super) const LIST_ITEM_BYTES: u64 = 8;

/// Memory a new item of a list takes: its thunk and the pointer to it.
pub(super) const NEW_ITEM_BYTES: u64 = 72;

pub(super) fn check_size(len: usize, site: Site) -> R<()> {
    if len > MAX_SIZE {
        return Err(EvalError::TooLarge {
            max: MAX_SIZE,
            at: site,
        }
        .into());
    }
    Ok(())
}

pub use crate::diagnostics::words::float_text;

pub(super) fn interpolate(out: &mut String, value: &Value<'_>, site: Site) -> R<()> {
    match value {
        Value::Text(t) => out.push_str(t),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Float(x) => out.push_str(&float_text(*x)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => {
            return Err(EvalError::Interpolate {
                kind: other.kind(),
                at: site,
            }
            .into());
        }
    }
    Ok(())
}

pub(super) fn unary<'db>(op: UnaryOp, value: Value<'db>, site: Site) -> R<Value<'db>> {
    match (op, value) {
        (UnaryOp::Neg, Value::Int(n)) => n
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| overflow(site)),
        (UnaryOp::Neg, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (op, other) => Err(EvalError::Unary {
            op,
            kind: other.kind(),
            at: site,
        }
        .into()),
    }
}

pub(super) fn overflow(site: Site) -> Box<Diagnostic> {
    EvalError::Overflow { at: site }.into()
}

/// The error for an operand of the wrong kind.
pub(super) fn operand_error(op: BinaryOp, value: &Value<'_>, site: Site) -> Box<Diagnostic> {
    EvalError::Operand {
        op,
        kind: value.kind(),
        at: site,
    }
    .into()
}

fn mismatch(
    op: BinaryOp,
    l: &Value<'_>,
    r: &Value<'_>,
    site: Site,
    ls: Site,
    rs: Site,
) -> Box<Diagnostic> {
    EvalError::Operands {
        op,
        left: l.kind(),
        right: r.kind(),
        at: site,
        left_at: ls,
        right_at: rs,
    }
    .into()
}

pub(super) fn arithmetic<'db>(
    op: BinaryOp,
    l: Value<'db>,
    r: Value<'db>,
    site: Site,
    ls: Site,
    rs: Site,
) -> R<Value<'db>> {
    use BinaryOp as B;
    use Value as V;
    let num = |v: &Value<'_>| matches!(v, V::Int(_) | V::Float(_));
    Ok(match (op, &l, &r) {
        (B::Add, V::Int(a), V::Int(b)) => V::Int(a.checked_add(*b).ok_or_else(|| overflow(site))?),
        (B::Sub, V::Int(a), V::Int(b)) => V::Int(a.checked_sub(*b).ok_or_else(|| overflow(site))?),
        (B::Mul, V::Int(a), V::Int(b)) => V::Int(a.checked_mul(*b).ok_or_else(|| overflow(site))?),
        (B::Div | B::Rem, _, V::Int(0)) => return Err(division_by_zero(rs)),
        (B::Div | B::Rem, _, V::Float(z)) if *z == 0.0 => return Err(division_by_zero(rs)),
        (B::Div, V::Int(a), V::Int(b)) => V::Int(a.checked_div(*b).ok_or_else(|| overflow(site))?),
        (B::Rem, V::Int(a), V::Int(b)) => V::Int(a.checked_rem(*b).ok_or_else(|| overflow(site))?),
        (B::Add | B::Sub | B::Mul | B::Div | B::Rem, a, b) if num(a) && num(b) => {
            let (x, y) = (as_f64(a), as_f64(b));
            V::Float(match op {
                B::Add => x + y,
                B::Sub => x - y,
                B::Mul => x * y,
                B::Div => x / y,
                _ => x % y,
            })
        }
        (B::Add, V::Text(a), V::Text(b)) => {
            check_size(a.len() + b.len(), site)?;
            check_memory((a.len() + b.len()) as u64, site)?;
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            V::Text(Arc::from(s))
        }
        (B::Concat, V::List(a), V::List(b)) => {
            check_size(a.len() + b.len(), site)?;
            check_memory(LIST_ITEM_BYTES * (a.len() + b.len()) as u64, site)?;
            if a.is_empty() {
                return Ok(r);
            }
            if b.is_empty() {
                return Ok(l);
            }
            let mut items = Vec::with_capacity(a.len() + b.len());
            items.extend(a.iter().cloned());
            items.extend(b.iter().cloned());
            V::List(Rc::new(items))
        }
        (B::Merge, V::Record(a), V::Record(b)) => {
            if b.is_empty() {
                return Ok(l);
            }
            let mut fields = (**a).clone();
            for (k, v) in b.iter() {
                fields.insert(k.clone(), v.clone());
            }
            V::Record(Rc::new(fields))
        }
        (B::Lt | B::Le | B::Gt | B::Ge, a, b) => {
            let ord = match (a, b) {
                (V::Text(x), V::Text(y)) => Some(x.cmp(y)),
                (x, y) if num(x) && num(y) => match (x, y) {
                    (V::Int(i), V::Int(j)) => Some(i.cmp(j)),
                    _ => as_f64(x).partial_cmp(&as_f64(y)),
                },
                _ => None,
            };
            let Some(ord) = ord else {
                return Err(comparison_error(op, &l, &r, site, ls, rs));
            };
            V::Bool(match op {
                B::Lt => ord.is_lt(),
                B::Le => ord.is_le(),
                B::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        _ => {
            let wanted_left = match op {
                B::Add => num(&l) || matches!(l, V::Text(_)),
                B::Concat => matches!(l, V::List(_)),
                B::Merge => matches!(l, V::Record(_)),
                _ => num(&l),
            };
            return Err(if !wanted_left {
                operand_error(op, &l, ls)
            } else if same_kind(&l, &r) {
                operand_error(op, &r, rs)
            } else {
                mismatch(op, &l, &r, site, ls, rs)
            });
        }
    })
}

fn same_kind<'db>(a: &Value<'db>, b: &Value<'db>) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn comparison_error<'db>(
    op: BinaryOp,
    l: &Value<'db>,
    r: &Value<'db>,
    site: Site,
    ls: Site,
    rs: Site,
) -> Box<Diagnostic> {
    if same_kind(l, r) {
        operand_error(op, l, ls)
    } else {
        mismatch(op, l, r, site, ls, rs)
    }
}

fn division_by_zero(site: Site) -> Box<Diagnostic> {
    EvalError::DivisionByZero { at: site }.into()
}

pub(super) fn as_f64(v: &Value<'_>) -> f64 {
    match v {
        Value::Int(n) => *n as f64,
        Value::Float(x) => *x,
        _ => f64::NAN,
    }
}
