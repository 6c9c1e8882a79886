//! The builtin functions, in scope everywhere unless shadowed. Each is
//! curried: `join ", " xs` is `(join ", ") xs`.

use std::rc::Rc;
use std::sync::Arc;

use super::ops::{as_f64, float_text};
use super::value::{Fields, Site, State, Thunk, Value};
use super::{Evaluator, R};
use crate::data;
use crate::diagnostics::eval::{ArgProblem, EvalError};

pub use crate::builtins::Builtin;

struct Call<'a, 'db> {
    ev: &'a mut Evaluator<'db>,
    builtin: Builtin,
    args: &'a [Thunk<'db>],
    site: Site,
}

impl<'db> Call<'_, 'db> {
    fn arg(&mut self, i: usize) -> R<Value<'db>> {
        match self.args.get(i) {
            Some(t) => self.ev.force(t),
            None => Ok(Value::Null),
        }
    }

    fn wrong(
        &self,
        i: usize,
        wanted: &'static str,
        got: &Value<'db>,
    ) -> Box<crate::diagnostics::Diagnostic> {
        EvalError::BuiltinArg {
            builtin: self.builtin.name(),
            doc: self.builtin.doc(),
            index: i,
            wanted,
            kind: got.kind(),
            at: self.site,
        }
        .into()
    }

    fn invalid(&self, problem: ArgProblem) -> Box<crate::diagnostics::Diagnostic> {
        EvalError::InvalidArgument {
            builtin: self.builtin.name(),
            doc: self.builtin.doc(),
            problem,
            at: self.site,
        }
        .into()
    }

    fn list(&mut self, i: usize) -> R<Rc<Vec<Thunk<'db>>>> {
        match self.arg(i)? {
            Value::List(l) => Ok(l),
            other => Err(self.wrong(i, "a list", &other)),
        }
    }

    fn text(&mut self, i: usize) -> R<Arc<str>> {
        match self.arg(i)? {
            Value::Text(t) => Ok(t),
            other => Err(self.wrong(i, "text", &other)),
        }
    }

    fn record(&mut self, i: usize) -> R<Rc<Fields<'db>>> {
        match self.arg(i)? {
            Value::Record(r) => Ok(r),
            other => Err(self.wrong(i, "a record", &other)),
        }
    }

    fn int(&mut self, i: usize) -> R<i64> {
        match self.arg(i)? {
            Value::Int(n) => Ok(n),
            other => Err(self.wrong(i, "an integer", &other)),
        }
    }

    fn bool_of(&mut self, f: &Value<'db>, x: &Thunk<'db>) -> R<bool> {
        match self.ev.apply(f.clone(), x.clone(), self.site)? {
            Value::Bool(b) => Ok(b),
            other => Err(EvalError::PredicateResult {
                builtin: self.builtin.name(),
                kind: other.kind(),
                at: self.site,
            }
            .into()),
        }
    }

    fn applied(&self, f: &Value<'db>, x: &Thunk<'db>) -> Thunk<'db> {
        Thunk::new(State::Apply {
            func: f.clone(),
            arg: x.clone(),
            site: self.site,
        })
    }

    fn size(&self, n: usize) -> R<()> {
        super::ops::check_size(n, self.site)
    }
}

fn list<'db>(items: Vec<Thunk<'db>>) -> Value<'db> {
    Value::List(Rc::new(items))
}

fn text<'db>(s: impl Into<Arc<str>>) -> Value<'db> {
    Value::Text(s.into())
}

/// Runs `builtin` on its complete argument list.
pub(super) fn call<'db>(
    ev: &mut Evaluator<'db>,
    builtin: Builtin,
    args: &[Thunk<'db>],
    site: Site,
) -> R<Value<'db>> {
    let mut c = Call {
        ev,
        builtin,
        args,
        site,
    };
    use Builtin as B;
    Ok(match builtin {
        B::Map => {
            let f = c.arg(0)?;
            let xs = c.list(1)?;
            list(xs.iter().map(|x| c.applied(&f, x)).collect())
        }
        B::Filter => {
            let f = c.arg(0)?;
            let xs = c.list(1)?;
            let mut out = Vec::new();
            for x in xs.iter() {
                if c.bool_of(&f, x)? {
                    out.push(x.clone());
                }
            }
            list(out)
        }
        B::Fold => {
            let f = c.arg(0)?;
            let mut acc = c
                .args
                .get(1)
                .cloned()
                .unwrap_or_else(|| Thunk::ready(Value::Null));
            let xs = c.list(2)?;
            for x in xs.iter() {
                // Strict in the accumulator, so long folds build no thunk chain.
                let partial = c.ev.apply(f.clone(), acc, site)?;
                let next = c.ev.apply(partial, x.clone(), site)?;
                c.ev.settle(&next);
                acc = Thunk::ready(next);
            }
            c.ev.force(&acc)?
        }
        B::ConcatMap | B::Flatten => {
            let (f, xs) = if builtin == B::ConcatMap {
                (Some(c.arg(0)?), c.list(1)?)
            } else {
                (None, c.list(0)?)
            };
            let mut out = Vec::new();
            for x in xs.iter() {
                let v = match &f {
                    Some(f) => c.ev.apply(f.clone(), x.clone(), site)?,
                    None => c.ev.force(x)?,
                };
                match v {
                    Value::List(items) => {
                        c.size(out.len() + items.len())?;
                        // Growing may take twice the new length at once.
                        let bytes =
                            2 * super::ops::LIST_ITEM_BYTES * (out.len() + items.len()) as u64;
                        super::ops::check_memory(bytes, site)?;
                        out.extend(items.iter().cloned());
                    }
                    other => {
                        return Err(EvalError::JoinNonList {
                            builtin: builtin.name(),
                            kind: other.kind(),
                            at: site,
                        }
                        .into())
                    }
                }
            }
            list(out)
        }
        B::Length => match c.arg(0)? {
            Value::List(l) => Value::Int(l.len() as i64),
            Value::Text(t) => Value::Int(t.chars().count() as i64),
            Value::Record(r) => Value::Int(r.len() as i64),
            other => return Err(c.wrong(0, "a list, text or a record", &other)),
        },
        B::Elem => {
            // As lazy as `==` on each item: nothing in an empty list is
            // equal to `x`, whatever `x` is.
            let xs = c.list(1)?;
            if xs.is_empty() {
                return Ok(Value::Bool(false));
            }
            let x = c.arg(0)?;
            for y in xs.iter() {
                let y = c.ev.force(y)?;
                if c.ev.equal(&x, &y, site)? {
                    return Ok(Value::Bool(true));
                }
            }
            Value::Bool(false)
        }
        B::Any | B::All => {
            let f = c.arg(0)?;
            let xs = c.list(1)?;
            let want = builtin == B::Any;
            for x in xs.iter() {
                if c.bool_of(&f, x)? == want {
                    return Ok(Value::Bool(want));
                }
            }
            Value::Bool(!want)
        }
        B::Sort | B::SortBy => {
            let (f, xs) = if builtin == B::SortBy {
                (Some(c.arg(0)?), c.list(1)?)
            } else {
                (None, c.list(0)?)
            };
            let mut keyed = Vec::with_capacity(xs.len());
            for x in xs.iter() {
                let key = match &f {
                    Some(f) => c.ev.apply(f.clone(), x.clone(), site)?,
                    None => c.ev.force(x)?,
                };
                let key = match key {
                    Value::Int(_) | Value::Float(_) | Value::Text(_) => key,
                    other => return Err(c.invalid(ArgProblem::Unorderable { kind: other.kind() })),
                };
                keyed.push((key, x.clone()));
            }
            let mixed = keyed.iter().any(|(k, _)| matches!(k, Value::Text(_)))
                && keyed.iter().any(|(k, _)| !matches!(k, Value::Text(_)));
            if mixed {
                return Err(c.invalid(ArgProblem::MixedOrder));
            }
            keyed.sort_by(|(a, _), (b, _)| match (a, b) {
                (Value::Text(x), Value::Text(y)) => x.cmp(y),
                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                (x, y) => as_f64(x).total_cmp(&as_f64(y)),
            });
            list(keyed.into_iter().map(|(_, x)| x).collect())
        }
        B::Unique => {
            let xs = c.list(0)?;
            let mut kept: Vec<(Value<'db>, Thunk<'db>)> = Vec::new();
            for x in xs.iter() {
                let v = c.ev.force(x)?;
                let mut seen = false;
                for (k, _) in &kept {
                    if c.ev.equal(k, &v, site)? {
                        seen = true;
                        break;
                    }
                }
                if !seen {
                    kept.push((v, x.clone()));
                }
            }
            list(kept.into_iter().map(|(_, x)| x).collect())
        }
        B::Reverse => {
            let xs = c.list(0)?;
            list(xs.iter().rev().cloned().collect())
        }
        B::Range => {
            let from = c.int(0)?;
            let to = c.int(1)?;
            let n = usize::try_from(to.saturating_sub(from)).unwrap_or(0);
            c.size(n)?;
            super::ops::check_memory(super::ops::NEW_ITEM_BYTES.saturating_mul(n as u64), site)?;
            list(
                (from..to.max(from))
                    .map(|i| Thunk::ready(Value::Int(i)))
                    .collect(),
            )
        }
        B::Head | B::Tail => {
            let xs = c.list(0)?;
            if xs.is_empty() {
                return Err(c.invalid(ArgProblem::EmptyList));
            }
            if builtin == B::Head {
                let first = xs[0].clone();
                c.ev.force(&first)?
            } else {
                list(xs[1..].to_vec())
            }
        }
        B::At => {
            let i = c.int(0)?;
            let xs = c.list(1)?;
            match usize::try_from(i).ok().and_then(|i| xs.get(i)) {
                Some(x) => {
                    let x = x.clone();
                    c.ev.force(&x)?
                }
                None => {
                    return Err(c.invalid(ArgProblem::IndexOutOfRange {
                        index: i,
                        len: xs.len(),
                    }))
                }
            }
        }
        B::Sum => {
            let xs = c.list(0)?;
            let mut int: i64 = 0;
            let mut float: Option<f64> = None;
            for x in xs.iter() {
                match c.ev.force(x)? {
                    Value::Int(n) => match float.as_mut() {
                        Some(f) => *f += n as f64,
                        None => {
                            int = int
                                .checked_add(n)
                                .ok_or_else(|| super::ops::overflow(site))?
                        }
                    },
                    Value::Float(y) => *float.get_or_insert(int as f64) += y,
                    other => return Err(c.invalid(ArgProblem::SumItem { kind: other.kind() })),
                }
            }
            float.map_or(Value::Int(int), Value::Float)
        }
        B::Keys => {
            let r = c.record(0)?;
            list(
                r.keys()
                    .map(|k| Thunk::ready(Value::Text(k.clone())))
                    .collect(),
            )
        }
        B::Values => {
            let r = c.record(0)?;
            list(r.values().cloned().collect())
        }
        B::Has => {
            let k = c.text(0)?;
            let r = c.record(1)?;
            Value::Bool(r.contains_key(&*k))
        }
        B::Get => {
            let k = c.text(0)?;
            let r = c.record(1)?;
            match r.get(&*k) {
                Some(t) => {
                    let t = t.clone();
                    c.ev.force(&t)?
                }
                None => {
                    return Err(EvalError::LookupMissing {
                        field: k.to_string(),
                        fields: r.keys().map(|k| k.to_string()).collect(),
                        at: site,
                    }
                    .into());
                }
            }
        }
        B::Remove => {
            let names = c.list(0)?;
            let r = c.record(1)?;
            let mut out = (*r).clone();
            for n in names.iter() {
                match c.ev.force(n)? {
                    Value::Text(t) => {
                        out.shift_remove(&*t);
                    }
                    other => return Err(c.invalid(ArgProblem::RemoveItem { kind: other.kind() })),
                }
            }
            Value::Record(Rc::new(out))
        }
        B::MapValues => {
            let f = c.arg(0)?;
            let r = c.record(1)?;
            Value::Record(Rc::new(
                r.iter()
                    .map(|(k, v)| (k.clone(), c.applied(&f, v)))
                    .collect(),
            ))
        }
        B::ToEntries => {
            let r = c.record(0)?;
            list(
                r.iter()
                    .map(|(k, v)| {
                        let mut e = Fields::with_capacity_and_hasher(2, Default::default());
                        e.insert("name".into(), Thunk::ready(Value::Text(k.clone())));
                        e.insert("value".into(), v.clone());
                        Thunk::ready(Value::Record(Rc::new(e)))
                    })
                    .collect(),
            )
        }
        B::DropNulls => {
            let x = c.arg(0)?;
            c.ev.drop_nulls(x, c.site)?
        }
        B::FromEntries => {
            let xs = c.list(0)?;
            let mut out = Fields::with_capacity_and_hasher(xs.len(), Default::default());
            for x in xs.iter() {
                let entry = match c.ev.force(x)? {
                    Value::Record(e) => e,
                    other => {
                        return Err(c.invalid(ArgProblem::EntryNotRecord { kind: other.kind() }))
                    }
                };
                let (Some(n), Some(v)) = (entry.get("name"), entry.get("value")) else {
                    return Err(c.invalid(ArgProblem::EntryFields));
                };
                let n = n.clone();
                match c.ev.force(&n)? {
                    Value::Text(t) => {
                        out.insert(t.clone(), v.clone());
                    }
                    other => return Err(c.invalid(ArgProblem::EntryName { kind: other.kind() })),
                }
            }
            Value::Record(Rc::new(out))
        }
        B::Join => {
            let sep = c.text(0)?;
            let xs = c.list(1)?;
            let mut out = String::new();
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                match c.ev.force(x)? {
                    Value::Text(t) => {
                        c.size(out.len() + t.len())?;
                        super::ops::check_memory(2 * (out.len() + t.len()) as u64, site)?;
                        out.push_str(&t);
                    }
                    other => {
                        return Err(c.invalid(ArgProblem::JoinItem {
                            index: i,
                            kind: other.kind(),
                        }))
                    }
                }
                c.size(out.len())?;
            }
            text(out)
        }
        B::Split => {
            let sep = c.text(0)?;
            let s = c.text(1)?;
            if sep.is_empty() {
                list(
                    s.chars()
                        .map(|ch| Thunk::ready(text(ch.to_string())))
                        .collect(),
                )
            } else {
                list(s.split(&*sep).map(|p| Thunk::ready(text(p))).collect())
            }
        }
        B::Replace => {
            let from = c.text(0)?;
            let to = c.text(1)?;
            let s = c.text(2)?;
            if from.is_empty() {
                return Err(c.invalid(ArgProblem::EmptyReplace));
            }
            let count = s.matches(&*from).count();
            c.size(s.len() + count.saturating_mul(to.len()))?;
            text(s.replace(&*from, &to))
        }
        B::ToUpper => text(c.text(0)?.to_uppercase()),
        B::ToLower => text(c.text(0)?.to_lowercase()),
        B::Trim => text(c.text(0)?.trim()),
        B::StartsWith | B::EndsWith | B::Contains => {
            let part = c.text(0)?;
            let s = c.text(1)?;
            Value::Bool(match builtin {
                B::StartsWith => s.starts_with(&*part),
                B::EndsWith => s.ends_with(&*part),
                _ => s.contains(&*part),
            })
        }
        B::ToString => match c.arg(0)? {
            Value::Text(t) => Value::Text(t),
            Value::Int(n) => text(n.to_string()),
            Value::Float(x) => text(float_text(x)),
            Value::Bool(b) => text(b.to_string()),
            Value::Null => text("null"),
            other => return Err(c.wrong(0, "text, a number, a boolean or null", &other)),
        },
        B::ToInt => match c.arg(0)? {
            Value::Int(n) => Value::Int(n),
            // -2^63 is exact as a float; 2^63 is not an integer value.
            Value::Float(x)
                if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&x) =>
            {
                Value::Int(x.trunc() as i64)
            }
            Value::Float(x) => return Err(c.invalid(ArgProblem::IntRange { bits: x.to_bits() })),
            Value::Text(t) => match t.trim().parse::<i64>() {
                Ok(n) => Value::Int(n),
                Err(_) => {
                    return Err(c.invalid(ArgProblem::NotInteger {
                        text: t.to_string(),
                    }))
                }
            },
            other => return Err(c.wrong(0, "a number or text", &other)),
        },
        B::ToFloat => match c.arg(0)? {
            Value::Int(n) => Value::Float(n as f64),
            Value::Float(x) => Value::Float(x),
            Value::Text(t) => match t.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Value::Float(x),
                _ => {
                    return Err(c.invalid(ArgProblem::NotNumber {
                        text: t.to_string(),
                    }))
                }
            },
            other => return Err(c.wrong(0, "a number or text", &other)),
        },
        B::Abs => match c.arg(0)? {
            Value::Int(n) => Value::Int(n.checked_abs().ok_or_else(|| super::ops::overflow(site))?),
            Value::Float(x) => Value::Float(x.abs()),
            other => return Err(c.wrong(0, "a number", &other)),
        },
        B::Min | B::Max => {
            let a = c.arg(0)?;
            let b = c.arg(1)?;
            let ord = match (&a, &b) {
                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                (Value::Text(x), Value::Text(y)) => x.cmp(y),
                (x @ (Value::Int(_) | Value::Float(_)), y @ (Value::Int(_) | Value::Float(_))) => {
                    as_f64(x).total_cmp(&as_f64(y))
                }
                _ => {
                    return Err(c.invalid(ArgProblem::Incomparable {
                        left: a.kind(),
                        right: b.kind(),
                    }))
                }
            };
            let first = (builtin == B::Min) == ord.is_le();
            if first {
                a
            } else {
                b
            }
        }
        B::ToJson | B::ToYaml => {
            let x = c
                .args
                .first()
                .cloned()
                .unwrap_or_else(|| Thunk::ready(Value::Null));
            let d = super::output::to_data(c.ev, &x, site)?;
            // Shared parts are written out in full each time: measure first.
            super::ops::check_size(
                usize::try_from(d.written_size()).unwrap_or(usize::MAX),
                site,
            )?;
            let rendered = if builtin == B::ToJson {
                serde_json::to_string(&d).map_err(|e| {
                    c.invalid(ArgProblem::Unwritable {
                        message: e.to_string(),
                    })
                })?
            } else {
                let mut out = crate::data::Sink::new();
                crate::data::yaml::write_document(&mut out, &d);
                out.into_string()
            };
            text(rendered)
        }
        B::FromJson => {
            let s = c.text(0)?;
            match data::from_json(&s) {
                Ok(d) => super::from_data(&d, None),
                Err(e) => return Err(c.invalid(ArgProblem::InvalidJson { message: e.message })),
            }
        }
        B::TypeOf => text(c.arg(0)?.type_name()),
        B::Between | B::AtLeast | B::AtMost => {
            let n = builtin.arity();
            let x = c.arg(n - 1)?;
            let bounds: Vec<Value<'db>> = (0..n - 1).map(|i| c.arg(i)).collect::<R<_>>()?;
            let num = |v: &Value<'db>| matches!(v, Value::Int(_) | Value::Float(_));
            if let Some(bad) = bounds.iter().chain([&x]).find(|v| !num(v)) {
                return Err(c.invalid(ArgProblem::NotNumbers { kind: bad.kind() }));
            }
            let v = as_f64(&x);
            let (lo, hi) = match builtin {
                B::Between => (as_f64(&bounds[0]), as_f64(&bounds[1])),
                B::AtLeast => (as_f64(&bounds[0]), f64::INFINITY),
                _ => (f64::NEG_INFINITY, as_f64(&bounds[0])),
            };
            Value::Bool(lo <= v && v <= hi)
        }
        B::Matches => {
            let pattern = c.text(0)?;
            let s = c.text(1)?;
            let re = c.ev.regex(&pattern).map_err(|e| {
                c.invalid(ArgProblem::Pattern {
                    message: e.to_string(),
                })
            })?;
            Value::Bool(re.is_match(&s))
        }
        B::TextsMatching => {
            let pattern = c.text(0)?;
            let re = c.ev.regex(&pattern).map_err(|e| {
                c.invalid(ArgProblem::Pattern {
                    message: e.to_string(),
                })
            })?;
            let x = c
                .args
                .get(1)
                .cloned()
                .unwrap_or_else(|| Thunk::ready(Value::Null));
            let d = super::output::to_data(c.ev, &x, site)?;
            let mut found = Vec::new();
            super::scan::texts_matching(&re, &d, &mut Vec::new(), &mut found);
            list(found)
        }
        B::LengthBetween | B::NonEmpty => {
            let (lo, hi, x) = if builtin == B::NonEmpty {
                (1, i64::MAX, c.arg(0)?)
            } else {
                (c.int(0)?, c.int(1)?, c.arg(2)?)
            };
            let len = match &x {
                Value::Text(t) => t.chars().count(),
                Value::List(l) => l.len(),
                Value::Record(r) => r.len(),
                other => {
                    return Err(c.wrong(builtin.arity() - 1, "text, a list or a record", other))
                }
            } as i64;
            Value::Bool(lo <= len && len <= hi)
        }
        B::Fail => {
            let message = match c.arg(0)? {
                Value::Text(t) => t.to_string(),
                other => {
                    let d = super::output::to_data(c.ev, &Thunk::ready(other), site)?;
                    serde_json::to_string(&d).unwrap_or_default()
                }
            };
            return Err(EvalError::Failed { message, at: site }.into());
        }
    })
}
