//! Function application: closures (their parameters, record patterns with
//! defaults) and builtins, partially applied until they have every argument.

use crate::diagnostics::Place;
use std::cell::OnceCell;
use std::rc::Rc;

use super::value::{Closure, Env, Frame, Partial, Site, State, Thunk, Value};
use super::{builtins, err, Evaluator, R};
use crate::diagnostics::{BoxedDiagnostic, Code, Label};
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
                    Ok(Value::Builtin(Rc::new(Partial { builtin: partial.builtin, args })))
                }
            }
            other => Err(err(
                Code::E0503,
                format!("{} is not a function", other.kind()),
                site,
                format!("this applies {} to an argument", other.kind()),
            )
            .with_help("only functions can be applied; separate list items with `,` and write field access as `r.field`")),
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
        let source: String = source.chars().take(80).collect();
        let frame = format!("{name}:{}: {} (`{source}`)", line + 1, primary.message);
        let label = format!("this call failed inside `{name}`");
        d.primary = Some(Label::at(call, label));
        d.notes.insert(0, frame);
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
                Some(ty) => vec![self.conformed(arg, ty, &closure.env, site)],
                None => vec![arg],
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
    ) -> R<Vec<Thunk<'db>>> {
        let record = match self.force(&arg)? {
            Value::Record(r) => r,
            other => {
                return Err(err(
                    Code::E0501,
                    format!(
                        "this function takes a record, but was given {}",
                        other.kind()
                    ),
                    site,
                    format!("given {}", other.kind()),
                )
                .with_label(Label::at(pattern, "the parameter is a record pattern")))
            }
        };
        if !open {
            for key in record.keys() {
                if !fields.iter().any(|f| f.name == *key) {
                    let names = fields.iter().map(|f| f.name.to_string());
                    let mut d = err(
                        Code::E0511,
                        format!("unexpected field `{key}` in the argument"),
                        site,
                        format!("the argument has a field `{key}`"),
                    )
                    .with_label(Label::at(pattern, "the pattern does not take it"));
                    d = match did_you_mean(key, names) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(
                            "remove the field, or add `..` to the pattern to allow other fields",
                        ),
                    };
                    return Err(d);
                }
            }
        }
        let mut slots = Vec::with_capacity(fields.len() + 1);
        // Field types were written in the scope around the lambda.
        let outer = frame.parent.clone().unwrap_or_else(|| frame.clone());
        for f in fields {
            let value = match (record.get(&f.name), &f.default) {
                (Some(t), _) => t.clone(),
                (None, Some(default)) => Thunk::new(State::Pending(default, frame.clone())),
                (None, None) => {
                    return Err(err(
                        Code::E0510,
                        format!("the argument lacks the field `{}`", f.name),
                        site,
                        format!("this argument has no field `{}`", f.name),
                    )
                    .with_label(Label::at(
                        Place::anchor(pattern.file, f.at),
                        "required here",
                    ))
                    .with_help(format!(
                        "pass `{} = …`, or give it a default in the pattern: `{} = value`",
                        f.name, f.name
                    )))
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
