//! Forcing a value completely into plain [`Data`], for output and for
//! `to_json`. This is where laziness ends: everything reachable is demanded.

use crate::diagnostics::output::OutputError;
use crate::diagnostics::Fact;
use crate::diagnostics::Place;
use std::rc::Rc;
use std::sync::Arc;

use super::value::{Site, State, Thunk, Value};
use super::{Evaluator, R};
use crate::data::Data;
use crate::diagnostics::Diagnostic;

/// Deepest nesting of output data. Serialisers recurse, so this bound keeps
/// them on the stack.
pub const MAX_OUTPUT_DEPTH: usize = 1000;

/// One step of a path into output data, for messages.
#[derive(Clone, Debug)]
pub enum Step {
    /// A record field.
    Field(Arc<str>),
    /// A list index.
    Index(usize),
}

/// Renders a path as `a.b[2]."c.d"`.
pub fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(k) => {
                let plain =
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !out.is_empty() {
                    out.push('.');
                }
                if plain {
                    out.push_str(k);
                } else {
                    out.push_str(&format!("{k:?}"));
                }
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "the top-level value".to_string()
    } else {
        out
    }
}

/// `the value` or `` `a.b[2]` ``, to start a message.
fn subject(path: &[Step]) -> String {
    if path.is_empty() {
        "the value".to_string()
    } else {
        format!("`{}`", path_text(path))
    }
}

/// Forces `thunk` and everything in it into plain data.
pub fn to_data<'db>(ev: &mut Evaluator<'db>, thunk: &Thunk<'db>, site: Site) -> R<Data> {
    let mut path = Vec::new();
    deep(ev, thunk, site, &mut path, Purpose::Output, None)
}

/// [`to_data`] for output: past a part that fails, the other parts are
/// still evaluated, so that one run reports every independent failure. The
/// first is the error; the others are left in the evaluator's extra
/// diagnostics, each once.
pub fn output_data<'db>(ev: &mut Evaluator<'db>, thunk: &Thunk<'db>, site: Site) -> R<Data> {
    walk_all(ev, thunk, site, Purpose::Output)
}

/// What [`shown_data`] gives: the data, with `null` standing where a
/// function or type is, and at each such path a description of it.
#[derive(Clone, Debug)]
pub struct Shown {
    /// The value, forced.
    pub data: Data,
    /// Each function or type in it: its path and what it is
    /// (`\who -> …`, `{ name : Text, … }`, `map`).
    pub opaque: Vec<(Vec<Step>, Opaque)>,
}

/// A value that has no data form, as a REPL shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opaque {
    /// A function literal: the text of its parameters.
    Function(String),
    /// A builtin, with how many of its arguments it was given.
    Builtin {
        /// Its name.
        name: &'static str,
        /// How many arguments it takes.
        arity: usize,
        /// How many it has.
        given: usize,
    },
    /// A type: its text.
    Type(String),
}

/// Forces `thunk` for display: like [`output_data`], except that functions
/// and types are described rather than refused.
pub fn shown_data<'db>(ev: &mut Evaluator<'db>, thunk: &Thunk<'db>, site: Site) -> R<Shown> {
    let data = walk_all(ev, thunk, site, Purpose::Show)?;
    Ok(Shown {
        data,
        opaque: std::mem::take(&mut ev.shown),
    })
}

/// The source text at `anchor` in `file`, up to `stop` when it holds it,
/// on one line without comments and at most 80 characters, for
/// describing a function or type.
fn source_text(
    ev: &Evaluator<'_>,
    file: crate::db::SourceFile,
    anchor: crate::syntax::anchor::Anchor,
    stop: Option<&str>,
) -> String {
    let lowered = crate::resolve::lower(ev.db, file);
    let span = lowered.anchors.span(anchor);
    let text = file.text(ev.db);
    let whole = text.get(span.range()).unwrap_or("");
    let cut = match stop.and_then(|s| whole.find(s).map(|at| at + s.len())) {
        Some(end) => whole.get(..end).unwrap_or(whole),
        None => whole,
    };
    let words: Vec<&str> = cut
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let line = words.join(" ");
    let mut out: String = line.chars().take(80).collect();
    if out.len() < line.len() || cut.len() < whole.len() {
        out.push_str(" …");
    }
    out
}

/// Forces everything reachable from `thunk`, as output would, except that
/// functions and types are skipped rather than refused: what `floe check`
/// does to a module that exports them. Like [`output_data`], it goes on
/// past failures and reports each once.
pub fn force_all<'db>(ev: &mut Evaluator<'db>, thunk: &Thunk<'db>, site: Site) -> R<()> {
    walk_all(ev, thunk, site, Purpose::Check).map(|_| ())
}

fn walk_all<'db>(
    ev: &mut Evaluator<'db>,
    thunk: &Thunk<'db>,
    site: Site,
    purpose: Purpose,
) -> R<Data> {
    let mut path = Vec::new();
    let mut failures = Vec::new();
    let data = match deep(ev, thunk, site, &mut path, purpose, Some(&mut failures)) {
        Ok(data) => data,
        Err(d) => {
            keep_failure(&mut failures, *d);
            Data::Null
        }
    };
    let mut failures = failures.into_iter();
    match failures.next() {
        None => Ok(data),
        Some(first) => {
            ev.add_extra(failures);
            Err(Box::new(first))
        }
    }
}

/// Whether evaluation cannot usefully go on after `d`: a limit of the whole
/// run was reached, so every later part would fail the same way.
pub(super) fn ends_the_run(d: &Diagnostic) -> bool {
    matches!(&*d.fact, Fact::Eval(e) if e.ends_the_run())
}

/// Adds `d` to `failures` unless the same failure (reached through another
/// path of the output, or left aside earlier) is there already.
pub fn keep_failure(failures: &mut Vec<Diagnostic>, d: Diagnostic) {
    let same =
        |f: &Diagnostic| f.code == d.code && f.message == d.message && f.primary == d.primary;
    if !failures.iter().any(same) {
        failures.push(d);
    }
}

/// What forcing is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Output: the data is built, and a function or type is an error.
    Output,
    /// Checking: only the errors matter, so no data is built (lists and
    /// records come back empty) and functions and types are passed over.
    Check,
    /// Display: the data is built, and a function or type is described
    /// (in the evaluator's `shown`) where it stands.
    Show,
}

impl Purpose {
    /// What a piece of data computed earlier contributes.
    fn take(self, data: &Data) -> Data {
        match self {
            Purpose::Output | Purpose::Show => data.clone(),
            Purpose::Check => Data::Null,
        }
    }
}

/// Notes where in the output an error arose (once, at the deepest point).
fn producing(mut d: Box<Diagnostic>, path: &[Step]) -> Box<Diagnostic> {
    if !path.is_empty() && !d.notes.iter().any(|n| n.starts_with("while producing")) {
        d.notes
            .push(format!("while producing `{}`", path_text(path)));
    }
    d
}

/// Forces one item or field of a list or record, at `step` in the output.
fn child<'db>(
    ev: &mut Evaluator<'db>,
    thunk: &Thunk<'db>,
    site: Site,
    path: &mut Vec<Step>,
    purpose: Purpose,
    step: Step,
    failures: Option<&mut Vec<Diagnostic>>,
) -> R<Data> {
    path.push(step);
    let d = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || match failures {
        // Going on: a failed part is recorded and stands for `null`.
        Some(failures) => match deep(ev, thunk, site, path, purpose, Some(failures)) {
            Err(d) if !ends_the_run(&d) => {
                keep_failure(failures, *d);
                Ok(Data::Null)
            }
            other => other,
        },
        None => deep(ev, thunk, site, path, purpose, None),
    });
    path.pop();
    d
}

/// The data a list or record was forced into; one reached from several
/// places (a default merged into many records) becomes one piece of data,
/// shared, when it is kept.
fn shared<'db>(
    ev: &mut Evaluator<'db>,
    value: &Value<'db>,
    references: usize,
    data: Data,
    keep: bool,
) -> Data {
    if keep && references > 1 {
        ev.remember_data(value, data.clone());
    }
    data
}

fn deep<'db>(
    ev: &mut Evaluator<'db>,
    thunk: &Thunk<'db>,
    site: Site,
    path: &mut Vec<Step>,
    purpose: Purpose,
    mut failures: Option<&mut Vec<Diagnostic>>,
) -> R<Data> {
    if path.len() > MAX_OUTPUT_DEPTH {
        return Err(OutputError::TooDeep {
            max: MAX_OUTPUT_DEPTH,
            path: path_text(&path[..20.min(path.len())]),
            at: site,
        }
        .into());
    }
    // Data computed earlier (an imported file's value) is already complete
    // and free of errors: output shares it, checking has nothing to do.
    let forced = ev.resolve(thunk).and_then(|()| {
        if let State::Data(d, _) = &*thunk.0.borrow() {
            return Ok(Err(d.clone()));
        }
        ev.force(thunk).map(Ok)
    });
    let value = match forced.map_err(|d| producing(d, path))? {
        Ok(value) => value,
        Err(data) => return Ok(purpose.take(&data)),
    };
    if let Some(d) = ev.unfolded_data(&value) {
        return Ok(purpose.take(d));
    }
    if ev.wants_plain_data() {
        return Err(OutputError::CheckedRecord { at: site }.into());
    }
    let keep = purpose != Purpose::Check;
    Ok(match value {
        Value::Null => Data::Null,
        Value::Bool(b) => Data::Bool(b),
        Value::Int(n) => Data::Int(n),
        Value::Float(x) => {
            if !x.is_finite() {
                return Err(OutputError::NonFinite {
                    subject: subject(path),
                    value: x.to_string(),
                    at: site,
                }
                .into());
            }
            Data::Float(x)
        }
        Value::Text(t) => Data::Text(t),
        Value::List(ref items) => {
            let mut out = Vec::with_capacity(if keep { items.len() } else { 0 });
            for (i, item) in items.iter().enumerate() {
                let d = child(
                    ev,
                    item,
                    site,
                    path,
                    purpose,
                    Step::Index(i),
                    failures.as_deref_mut(),
                )?;
                if keep {
                    out.push(d);
                }
            }
            shared(
                ev,
                &value,
                Rc::strong_count(items),
                Data::List(out.into()),
                keep,
            )
        }
        Value::Record(ref fields) => {
            let mut out = Vec::with_capacity(if keep { fields.len() } else { 0 });
            for (k, v) in fields.iter() {
                let d = child(
                    ev,
                    v,
                    site,
                    path,
                    purpose,
                    Step::Field(k.clone()),
                    failures.as_deref_mut(),
                )?;
                if keep {
                    out.push((k.clone(), d));
                }
            }
            shared(
                ev,
                &value,
                Rc::strong_count(fields),
                Data::Record(out.into()),
                keep,
            )
        }
        Value::Closure(_) | Value::Type(_) | Value::Builtin(_) if purpose == Purpose::Check => {
            Data::Null
        }
        Value::Closure(c) if purpose == Purpose::Show => {
            let text = source_text(ev, c.env.file, c.lambda.at, Some("->"));
            ev.shown.push((path.clone(), Opaque::Function(text)));
            Data::Null
        }
        Value::Type(t) if purpose == Purpose::Show => {
            let text = source_text(ev, t.env.file, t.node.at, None);
            ev.shown.push((path.clone(), Opaque::Type(text)));
            Data::Null
        }
        Value::Builtin(b) if purpose == Purpose::Show => {
            let opaque = Opaque::Builtin {
                name: b.builtin.name(),
                arity: b.builtin.arity(),
                given: b.args.len(),
            };
            ev.shown.push((path.clone(), opaque));
            Data::Null
        }
        Value::Closure(c) => {
            return Err(OutputError::Function {
                subject: subject(path),
                at: Place::anchor(c.env.file, c.lambda.at),
            }
            .into())
        }
        Value::Type(t) => {
            return Err(OutputError::Type {
                subject: subject(path),
                at: Place::anchor(t.env.file, t.node.at),
            }
            .into())
        }
        Value::Builtin(b) => {
            return Err(OutputError::Builtin {
                subject: subject(path),
                name: b.builtin.name(),
                arity: b.builtin.arity(),
                given: b.args.len(),
                at: site,
            }
            .into())
        }
    })
}
