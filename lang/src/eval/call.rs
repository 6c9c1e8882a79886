//! Function application: closures (their parameters, record patterns with
//! defaults) and builtins, partially applied until they have every argument.

use crate::diagnostics::eval::EvalError;
use crate::diagnostics::Place;
use std::cell::OnceCell;
use std::rc::Rc;

use super::value::{Closure, Env, Frame, Partial, Site, Slots, State, Thunk, Value};
use super::{builtins, Evaluator, R};
use crate::resolve::did_you_mean;
use crate::resolve::ir::LambdaParam;

impl<'db> Evaluator<'db> {
    /// Applies a function to an argument.
    pub fn apply(&mut self, func: Value<'db>, arg: Thunk<'db>, site: Site) -> R<Value<'db>> {
        match func {
            Value::Closure(closure) => {
                let frame = self.enter(&closure, arg, site)?;
                self.eval(&closure.lambda.body, &frame)
                    .map_err(|d| self.surfaced(d, site))
            }
            Value::Builtin(partial) => {
                let mut args = partial.args.clone();
                args.push(arg);
                if args.len() == partial.builtin.arity() {
                    self.nested(site, |ev| builtins::call(ev, partial.builtin, &args, site))
                } else {
                    Ok(Value::Builtin(Rc::new(Partial {
                        builtin: partial.builtin,
                        args,
                    })))
                }
            }
            other => Err(EvalError::NotAFunction {
                kind: other.kind(),
                at: site,
            }
            .into()),
        }
    }

    /// An error raised inside the standard library by a call the program
    /// made is the program's call's: the call becomes the primary label and
    /// the library's line one note, so the user sees their own line first.
    fn surfaced(
        &self,
        mut d: Box<crate::diagnostics::Diagnostic>,
        call: Site,
    ) -> Box<crate::diagnostics::Diagnostic> {
        let in_std =
            |file: crate::db::SourceFile| matches!(file.origin(self.db), crate::db::Origin::Std(_));
        let Some(primary) = d.primary.as_ref().filter(|p| in_std(p.file)) else {
            return d;
        };
        if in_std(call.file) {
            return d;
        }
        let (name, text) = (primary.file.name(self.db), primary.file.text(self.db));
        let (line, _) = crate::diagnostics::LineIndex::new(text)
            .line_col(crate::resolve::span_of(self.db, primary.place()).start());
        let source = text.lines().nth(line).unwrap_or("").trim();
        d.surface(call, name, line, source);
        d
    }

    /// The frame a closure's body runs in, its parameter bound to `arg`.
    pub(super) fn enter(
        &mut self,
        closure: &Closure<'db>,
        arg: Thunk<'db>,
        site: Site,
    ) -> R<Env<'db>> {
        let lambda = closure.lambda;
        let frame = Rc::new(Frame {
            slots: OnceCell::new(),
            parent: Some(closure.env.clone()),
            file: closure.env.file,
            module: closure.env.module,
        });
        let slots = match &lambda.param {
            LambdaParam::Name(_) => match &lambda.param_ty {
                Some(ty) => smallvec::smallvec![self.conformed(arg, ty, &closure.env, site)],
                None => smallvec::smallvec![arg],
            },
            LambdaParam::Record {
                fields,
                open,
                bind,
                at,
            } => {
                let pattern = Site::anchor(closure.env.file, *at);
                if fields.iter().any(|f| f.default.is_some()) {
                    // Defaults are evaluated in the frame they fill.
                    self.note_cyclic(&frame);
                }
                self.destructure(&frame, fields, *open, *bind, arg, site, pattern)?
            }
        };
        let _ = frame.slots.set(slots);
        Ok(frame)
    }

    #[allow(clippy::too_many_arguments)]
    fn destructure(
        &mut self,
        frame: &Env<'db>,
        fields: &'db [crate::resolve::ir::PatternField],
        open: bool,
        bind: bool,
        arg: Thunk<'db>,
        site: Site,
        pattern: Site,
    ) -> R<Slots<'db>> {
        let record = match self.force(&arg)? {
            Value::Record(r) => r,
            other => {
                return Err(EvalError::ArgumentNotRecord {
                    kind: other.kind(),
                    at: site,
                    pattern,
                }
                .into())
            }
        };
        if !open {
            for key in record.keys() {
                if !fields.iter().any(|f| f.name == *key) {
                    let names = fields.iter().map(|f| f.name.to_string());
                    return Err(EvalError::UnexpectedArgField {
                        field: key.to_string(),
                        at: site,
                        pattern,
                        suggestion: did_you_mean(key, names),
                    }
                    .into());
                }
            }
        }
        let mut slots = Slots::with_capacity(fields.len() + 1);
        // Field types were written in the scope around the lambda.
        let outer = frame.parent.clone().unwrap_or_else(|| frame.clone());
        for f in fields {
            let value = match (record.get(&f.name), &f.default) {
                (Some(t), _) => t.clone(),
                (None, Some(default)) => Thunk::new(State::Pending(default, frame.clone())),
                (None, None) => {
                    return Err(EvalError::MissingArgField {
                        field: f.name.to_string(),
                        at: site,
                        required_at: Place::anchor(pattern.file, f.at),
                    }
                    .into())
                }
            };
            slots.push(match &f.ty {
                Some(ty) => self.conformed(value, ty, &outer, site),
                None => value,
            });
        }
        if bind {
            slots.push(arg);
        }
        Ok(slots)
    }
}
