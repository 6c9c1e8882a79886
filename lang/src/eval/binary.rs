//! Binary operators on expressions: the operands are evaluated as each
//! operator needs (`&&`, `||` and `or` short-circuit), then combined by the
//! operators on values (`ops`); deep merge of records.

use std::rc::Rc;

use super::value::{Env, Fields, Site, State, Thunk, Value};
use super::{ops, Evaluator, R};
use crate::resolve::ir::Node;

impl<'db> Evaluator<'db> {
    pub(super) fn binary(
        &mut self,
        op: crate::syntax::ast::BinaryOp,
        op_at: crate::syntax::anchor::Anchor,
        lhs: &'db Node,
        rhs: &'db Node,
        env: &Env<'db>,
    ) -> R<Value<'db>> {
        use crate::syntax::ast::BinaryOp as B;
        let site = Site::anchor(env.file, op_at);
        match op {
            B::And | B::Or => {
                let l = self.eval(lhs, env)?;
                let Value::Bool(l) = l else {
                    return Err(ops::operand_error(op, &l, Site::anchor(env.file, lhs.at)));
                };
                if (op == B::And && !l) || (op == B::Or && l) {
                    return Ok(Value::Bool(l));
                }
                let r = self.eval(rhs, env)?;
                match r {
                    Value::Bool(r) => Ok(Value::Bool(r)),
                    other => Err(ops::operand_error(
                        op,
                        &other,
                        Site::anchor(env.file, rhs.at),
                    )),
                }
            }
            B::Pipe => {
                let arg = self.delay(lhs, env);
                let f = self.eval(rhs, env)?;
                self.apply(f, arg, Site::anchor(env.file, rhs.at))
            }
            B::Eq | B::NotEq => {
                let l = self.eval(lhs, env)?;
                let r = self.eval(rhs, env)?;
                let same = self.equal(&l, &r, site)?;
                Ok(Value::Bool(same == (op == B::Eq)))
            }
            B::Extends => {
                let l = self.eval(lhs, env)?;
                let r = self.eval(rhs, env)?;
                self.extend(l, r, site, Site::anchor(env.file, rhs.at))
            }
            B::DeepMerge => {
                let l = self.eval(lhs, env)?;
                let r = self.eval(rhs, env)?;
                for (v, n) in [(&l, lhs), (&r, rhs)] {
                    if !matches!(v, Value::Record(_)) {
                        return Err(ops::operand_error(op, v, Site::anchor(env.file, n.at)));
                    }
                }
                self.deep_merge(l, r, site)
            }
            _ => {
                let l = self.eval(lhs, env)?;
                let r = self.eval(rhs, env)?;
                ops::arithmetic(
                    op,
                    l,
                    r,
                    site,
                    Site::anchor(env.file, lhs.at),
                    Site::anchor(env.file, rhs.at),
                )
            }
        }
    }

    /// `l & r`: records merge field by field, recursively; otherwise `r` wins.
    pub(super) fn deep_merge(&mut self, l: Value<'db>, r: Value<'db>, site: Site) -> R<Value<'db>> {
        match (l, r) {
            (Value::Record(l), Value::Record(r)) => {
                let mut out: Fields<'db> = (*l).clone();
                for (k, rt) in r.iter() {
                    let merged = match out.get(k) {
                        Some(lt) => Thunk::new(State::DeepMerge {
                            lhs: lt.clone(),
                            rhs: rt.clone(),
                            site,
                        }),
                        None => rt.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                Ok(Value::Record(Rc::new(out)))
            }
            (_, r) => Ok(r),
        }
    }
}
