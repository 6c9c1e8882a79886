//! Structural equality (`==`, `!=`, `elem`, `unique`), without recursion:
//! data nested a million levels deep compares like any other, and each
//! pair compared counts as a step, so comparing huge shared trees item by
//! item stops at the step limit. There is no shortcut for a value compared
//! with itself: a function inside is an error wherever it is.

use super::value::{Site, Thunk, Value};
use super::{Evaluator, R};
use crate::diagnostics::eval::EvalError;

/// A pair still to compare: values at hand, or thunks to force first.
enum Pair<'db> {
    Values(Value<'db>, Value<'db>),
    Thunks(Thunk<'db>, Thunk<'db>),
}

impl<'db> Evaluator<'db> {
    /// Structural equality, forcing as much as needed, in the order the
    /// values are written: the first difference ends the comparison.
    pub fn equal(&mut self, l: &Value<'db>, r: &Value<'db>, site: Site) -> R<bool> {
        let mut work = vec![Pair::Values(l.clone(), r.clone())];
        while let Some(pair) = work.pop() {
            self.step(site)?;
            let (a, b) = match pair {
                Pair::Values(a, b) => (a, b),
                Pair::Thunks(x, y) => (self.force(&x)?, self.force(&y)?),
            };
            match (&a, &b) {
                (Value::List(x), Value::List(y)) => {
                    if x.len() != y.len() {
                        return Ok(false);
                    }
                    // Pushed last first, so that the first items are compared first.
                    for (p, q) in x.iter().zip(y.iter()).rev() {
                        work.push(Pair::Thunks(p.clone(), q.clone()));
                    }
                }
                (Value::Record(x), Value::Record(y)) => {
                    // Different keys are unequal whatever the values are.
                    if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                        return Ok(false);
                    }
                    for (k, p) in x.iter().rev() {
                        if let Some(q) = y.get(k) {
                            work.push(Pair::Thunks(p.clone(), q.clone()));
                        }
                    }
                }
                _ => {
                    if !scalar_equal(&a, &b, site)? {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }
}

fn scalar_equal(l: &Value<'_>, r: &Value<'_>, site: Site) -> R<bool> {
    Ok(match (l, r) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => (*a as f64) == *b,
        (Value::Text(a), Value::Text(b)) => a == b,
        (Value::Closure(_) | Value::Builtin(_) | Value::Type(_), _)
        | (_, Value::Closure(_) | Value::Builtin(_) | Value::Type(_)) => {
            return Err(EvalError::Incomparable { at: site }.into())
        }
        _ => false,
    })
}
