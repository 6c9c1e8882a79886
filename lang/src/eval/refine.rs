//! Refinements: `T where p`. A predicate gives `true`/`false`, or a list of
//! problems; a problem is a text, or `{ path, message }` naming the part of
//! the value that is wrong (field names and list positions), which is then
//! reported where that part was written, with `related` paths (an
//! allow-list) shown where they were written. A value whose problems all name
//! their parts fails the run, not the value: evaluation goes on with it, so
//! that one run reports what else is wrong.

use super::types::{rule_text, shown_value};
use super::value::{Env, Site, Thunk, Value};
use super::{Evaluator, R};
use crate::diagnostics::eval::EvalError;
use crate::diagnostics::types::TypeError;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Place;
use crate::resolve::ir::{Name, Node};

/// One problem a refinement names.
struct Problem {
    /// Where the wrong part was written, when the problem names one.
    site: Option<(Site, String)>,
    /// The other parts it is about (an allow-list the value is not on),
    /// where they were written.
    related: Vec<(Site, String)>,
    message: Name,
}

impl<'db> Evaluator<'db> {
    /// Applies one refinement predicate to `v`, checked at `at`.
    pub(super) fn refine(
        &mut self,
        v: &Value<'db>,
        predicate: &'db Node,
        pred: Value<'db>,
        env: &Env<'db>,
        at: Site,
    ) -> R<()> {
        let pred_site = Site::anchor(env.file, predicate.at);
        let verdict = match self.apply(pred, Thunk::ready(v.clone()), pred_site) {
            Ok(verdict) => verdict,
            Err(d) => {
                self.report_parts(v, at, &d);
                return Err(d);
            }
        };
        // `false` fails without a description; a list names each problem,
        // and the empty list holds.
        let problems = match verdict {
            Value::Bool(true) => return Ok(()),
            Value::Bool(false) => Vec::new(),
            Value::List(items) if items.is_empty() => return Ok(()),
            Value::List(items) => {
                let mut problems = Vec::with_capacity(items.len());
                for item in items.iter() {
                    problems.push(self.problem(v, item, pred_site)?);
                }
                problems
            }
            other => {
                return Err(EvalError::RefinementResult {
                    kind: other.kind(),
                    at: pred_site,
                }
                .into())
            }
        };
        // Read only on failure: the text's place is not what evaluating
        // the refinement depends on.
        let written = crate::resolve::lower(self.db, env.file).span(predicate.at);
        let rule = rule_text(env.file.text(self.db).get(written.range()).unwrap_or("?"));
        let rule_at = Place::anchor(env.file, predicate.at);
        let mut failures: Vec<Diagnostic> = Vec::new();
        // Each problem that names a part is reported where the part was
        // written; the others together, at the value.
        let (sited, whole): (Vec<Problem>, Vec<Problem>) =
            problems.into_iter().partition(|p| p.site.is_some());
        for p in sited {
            let Some((site, part)) = p.site else { continue };
            failures.push(
                TypeError::PartRefused {
                    part,
                    rule: rule.clone(),
                    message: p.message.to_string(),
                    at: site,
                    related: p
                        .related
                        .into_iter()
                        .map(|(at, other)| (other, at))
                        .collect(),
                    rule_at,
                }
                .diagnostic(),
            );
        }
        // Problems that each name their part fail the run but not the
        // value: it goes on, so that what else is wrong is found too.
        if whole.is_empty() && !failures.is_empty() {
            self.add_extra(failures);
            return Ok(());
        }
        failures.insert(
            0,
            TypeError::ValueRefused {
                shown: shown_value(v),
                rule,
                problems: whole.into_iter().map(|p| p.message.to_string()).collect(),
                at,
                rule_at,
            }
            .diagnostic(),
        );
        let mut failures = failures.into_iter();
        let first = failures.next().map(Box::new);
        self.add_extra(failures);
        match first {
            Some(first) => Err(first),
            None => Ok(()),
        }
    }

    /// One item of a refinement's list of problems.
    fn problem(&mut self, v: &Value<'db>, item: &Thunk<'db>, pred_site: Site) -> R<Problem> {
        let bad = |what: &str| -> Box<Diagnostic> {
            EvalError::RefinementProblem {
                what: what.to_string(),
                at: pred_site,
            }
            .into()
        };
        match self.force(item)? {
            Value::Text(message) => Ok(Problem {
                site: None,
                related: Vec::new(),
                message,
            }),
            Value::Record(fields) => {
                let (Some(path), Some(message)) = (fields.get("path"), fields.get("message"))
                else {
                    return Err(bad("a record without `path` and `message`"));
                };
                let Value::Text(message) = self.force(&message.clone())? else {
                    return Err(bad("a record whose `message` is not text"));
                };
                let Some(path) = self.steps(path)? else {
                    return Err(bad("a record whose `path` is not a list"));
                };
                // `related`: the paths of other parts the problem is about.
                let mut related = Vec::new();
                if let Some(others) = fields.get("related") {
                    let Value::List(others) = self.force(&others.clone())? else {
                        return Err(bad("a record whose `related` is not a list of paths"));
                    };
                    for other in others.iter() {
                        let Some(steps) = self.steps(other)? else {
                            return Err(bad("a record whose `related` is not a list of paths"));
                        };
                        related.extend(self.part_site(v, &steps));
                    }
                }
                Ok(Problem {
                    site: self.part_site(v, &path),
                    related,
                    message,
                })
            }
            other => Err(bad(other.kind())),
        }
    }

    /// The steps of a path (a list of names and positions), if it is a list.
    fn steps(&mut self, path: &Thunk<'db>) -> R<Option<Vec<Value<'db>>>> {
        let Value::List(steps) = self.force(path)? else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(steps.len());
        for step in steps.iter() {
            out.push(self.force(step)?);
        }
        Ok(Some(out))
    }

    /// Where the part of `v` at `path` was written, and the path as text:
    /// the deepest place along the path that is known.
    fn part_site(&mut self, v: &Value<'db>, path: &[Value<'db>]) -> Option<(Site, String)> {
        let mut current = v.clone();
        let mut found = None;
        let mut text = String::new();
        for step in path {
            let (thunk, site) = match (&current, step) {
                (Value::Record(fields), Value::Text(key)) => {
                    let thunk = fields.get(key)?.clone();
                    let set = self.schema_sites(fields).and_then(|sites| sites.last(key));
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(key);
                    (thunk, set)
                }
                (Value::List(items), Value::Int(i)) => {
                    let thunk = usize::try_from(*i).ok().and_then(|i| items.get(i))?.clone();
                    text.push_str(&format!("[{i}]"));
                    (thunk, None)
                }
                _ => break,
            };
            let site = site.or_else(|| super::types::written_at(&thunk));
            if let Some(site) = site {
                found = Some(site);
            }
            match self.force(&thunk) {
                Ok(next) => current = next,
                Err(_) => break,
            }
        }
        found.map(|site| (site, text))
    }

    /// When a refinement of `v` fails because a part of `v` fails, every
    /// other failing part is reported too: the refinement could only see
    /// the first.
    pub(super) fn report_parts(&mut self, v: &Value<'db>, at: Site, failure: &Diagnostic) {
        if !matches!(v, Value::List(_) | Value::Record(_)) || super::output::ends_the_run(failure) {
            return;
        }
        if let Err(first) = super::output::force_all(self, &Thunk::ready(v.clone()), at) {
            self.add_extra([*first]);
        }
    }
}
