//! The evaluation query: what `floe eval` asks the database for.

use crate::data::Data;
use crate::db::{Db, SourceFile};
use crate::diagnostics::eval::{EvalError, Request};
use crate::diagnostics::Diagnostic;
use crate::eval::output::{force_all, keep_failure, output_data};
use crate::eval::value::{Site, Value};
use crate::eval::Evaluator;
use crate::syntax::Span;
use crate::types::check;

/// One evaluation: a root file (or `-e` expression), the file bound to
/// `it`, the attribute path to select, and the limits.
mod input {
    // salsa generates accessors and builders without documentation.
    #![allow(missing_docs)]
    use crate::db::SourceFile;
    use crate::eval::Limits;

    #[salsa::input(debug)]
    pub struct EvalRequest {
        /// The file or expression to evaluate.
        #[returns(copy)]
        pub root: SourceFile,
        /// The file whose value `it` names in an `-e` expression.
        #[returns(copy)]
        pub it: Option<SourceFile>,
        /// The path selected with `--attr`.
        #[returns(ref)]
        pub attr: Vec<String>,
        /// Evaluation limits.
        #[returns(copy)]
        pub limits: Limits,
    }
}
pub use input::EvalRequest;

/// Checks and evaluates a request. Only the selected part of the value is
/// evaluated; anything it does not demand is never evaluated. No query
/// depends on the answer, so it is not compared with the previous one.
#[salsa::tracked(returns(ref), no_eq)]
pub fn evaluate(db: &dyn Db, request: EvalRequest) -> Result<Data, Vec<Diagnostic>> {
    match static_errors(db, request) {
        errors if errors.is_empty() => evaluate_checked(db, request, output_data),
        errors => Err(errors),
    }
}

pub use crate::eval::{module_data, EAGER_STEPS};

/// Checks and evaluates a request for display (`floe repl`): as
/// [`evaluate`], except that functions and types in the value are
/// described instead of refused. Not a query: each REPL input is new.
pub fn show(
    db: &dyn Db,
    request: EvalRequest,
) -> Result<crate::eval::output::Shown, Vec<Diagnostic>> {
    match static_errors(db, request) {
        errors if errors.is_empty() => {
            evaluate_checked(db, request, crate::eval::output::shown_data)
        }
        errors => Err(errors),
    }
}

/// Stops an evaluation running on one database handle, from another
/// thread: Ctrl-C in `floe repl`.
#[derive(Clone)]
pub struct Interrupt(salsa::CancellationToken);

impl Interrupt {
    /// The interrupt of evaluations run on `db` (this handle, not its
    /// clones).
    pub fn of(db: &crate::db::Database) -> Interrupt {
        use salsa::Database as _;
        Interrupt(db.cancellation_token())
    }

    /// Stops the evaluation: it unwinds at its next check (every 65,536
    /// steps), and [`interruptible`] returns `None`.
    pub fn interrupt(&self) {
        self.0.cancel();
    }
}

/// Runs `f` on `db` so that an [`Interrupt`] of `db` stops it; `None` when
/// it was stopped. The interrupt is cleared when `f` ends, so a late one
/// does not stop the next run.
pub fn interruptible<T>(
    db: &crate::db::Database,
    f: impl FnOnce(&crate::db::Database) -> T + std::panic::UnwindSafe,
) -> Option<T> {
    use salsa::Database as _;
    db.attach(|db| salsa::Cancelled::catch(|| f(db)).ok())
}

/// Checks a request and then evaluates everything its value holds, as
/// output would, skipping functions and types: every error that
/// evaluation can find, without output. `floe check` asks this.
#[salsa::tracked(returns(ref))]
pub fn validate(db: &dyn Db, request: EvalRequest) -> Vec<Diagnostic> {
    match static_errors(db, request) {
        errors if errors.is_empty() => evaluate_checked(db, request, force_all).err(),
        errors => Some(errors),
    }
    .unwrap_or_default()
}

/// What [`validate`] finds beyond the static diagnostics `found`: the
/// program is evaluated even when the checker reported type or
/// inheritance errors (syntax, name and import errors still stop it), so
/// that one run reports the problems only evaluation sees beside them. A
/// failure at a place a static diagnostic already points at is the same
/// problem seen twice, and is left out.
pub fn validate_beyond(db: &dyn Db, request: EvalRequest, found: &[Diagnostic]) -> Vec<Diagnostic> {
    let stops = |d: &Diagnostic| {
        d.is_error() && (d.code.as_str().starts_with("E01") || d.code.as_str().starts_with("E02"))
    };
    if found.iter().any(stops) {
        return Vec::new();
    }
    let errors = match evaluate_checked(db, request, force_all) {
        Ok(()) => return Vec::new(),
        Err(errors) => errors,
    };
    let seen = |d: &Diagnostic| {
        let Some(p) = &d.primary else { return false };
        found.iter().any(|s| {
            s.primary.iter().chain(&s.secondary).any(|l| {
                l.file == p.file
                    && l.span().start() < p.span().end().max(p.span().start() + 1)
                    && p.span().start() < l.span().end().max(l.span().start() + 1)
            })
        })
    };
    errors.into_iter().filter(|d| !seen(d)).collect()
}

/// The static errors of `request`'s files, which evaluation requires to
/// be none.
fn static_errors(db: &dyn Db, request: EvalRequest) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = check(db, request.root(db))
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if let Some(it) = request.it(db) {
        errors.extend(check(db, it).iter().filter(|d| d.is_error()).cloned());
    }
    errors
}

/// Evaluates `request`, whose files were checked, selects its `attr` path
/// and hands the selection to `finish`, collecting every diagnostic on the
/// way.
fn evaluate_checked<T>(
    db: &dyn Db,
    request: EvalRequest,
    finish: impl for<'db> FnOnce(
        &mut Evaluator<'db>,
        &crate::eval::value::Thunk<'db>,
        Site,
    ) -> crate::eval::R<T>,
) -> Result<T, Vec<Diagnostic>> {
    let root = request.root(db);
    let mut ev = Evaluator::new(db, request.limits(db));
    ev.set_last();
    if let Some(it) = request.it(db) {
        ev.bind_it(it);
    }
    let site = Site::span(root, Span::new(0, 0));
    let mut thunk = ev.module(root);
    let attr = request.attr(db);
    for (i, key) in attr.iter().enumerate() {
        let value = ev.force(&thunk).map_err(|d| {
            let mut all = vec![*d];
            all.extend(ev.take_extra());
            crate::resolve::resolve_places(db, &mut all);
            all
        })?;
        let shown = attr[..=i].join(".");
        let Value::Record(fields) = value else {
            return Err(vec![EvalError::PathNotRecord {
                request: Request::Attr,
                path: shown,
                prefix: attr[..i].join("."),
                kind: value.kind(),
            }
            .into()]);
        };
        match fields.get(key.as_str()) {
            Some(t) => thunk = t.clone(),
            None => return Err(vec![no_such_key(Request::Attr, shown, &fields, &attr[i..])]),
        }
    }
    // Failures left aside on the way (a layer's breaches beside the first)
    // fail the run even when the selection itself could be produced.
    let result = finish(&mut ev, &thunk, site);
    let mut found: Vec<Diagnostic> = result
        .as_ref()
        .err()
        .map(|d| (**d).clone())
        .into_iter()
        .collect();
    found.extend(ev.take_extra());
    // Places are compared as spans, so anchors are resolved first.
    crate::resolve::resolve_places(db, &mut found);
    let mut all: Vec<Diagnostic> = Vec::new();
    for d in found {
        keep_failure(&mut all, d);
    }
    match result {
        Ok(value) if all.is_empty() => Ok(value),
        _ => Err(all),
    }
}

/// A question for `floe explain`: the value at `path` in `root`'s value.
#[allow(missing_docs)] // salsa generates undocumented accessors
mod explain_input {
    use crate::db::SourceFile;
    use crate::eval::Limits;

    #[salsa::input(debug)]
    pub struct ExplainRequest {
        #[returns(copy)]
        pub root: SourceFile,
        #[returns(ref)]
        pub path: Vec<String>,
        #[returns(copy)]
        pub limits: Limits,
    }
}
pub use explain_input::ExplainRequest;

/// The answer of `floe explain`, also what hover shows for a layered field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The value at the path.
    pub value: Data,
    /// Every place that set it, oldest layer first (empty when the record
    /// holding it has no schema).
    pub set_by: Vec<(SourceFile, Span)>,
    /// The schema's rule for the field: its mode, declaration and doc.
    pub rule: Option<(crate::syntax::ast::Mode, SourceFile, Span, Option<String>)>,
    /// Where the schema writes the field's default, if it has one (a
    /// layer in `set_by` at this place is the default).
    pub default: Option<(SourceFile, Span)>,
}

/// Evaluates `root` down to `path` and reports the value with its
/// provenance. Only the path is evaluated, and what it needs.
#[salsa::tracked(returns(ref))]
pub fn explain(db: &dyn Db, request: ExplainRequest) -> Result<Explanation, Vec<Diagnostic>> {
    let root = request.root(db);
    let errors: Vec<Diagnostic> = check(db, root)
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ev = Evaluator::new(db, request.limits(db));
    let fail = |ev: &mut Evaluator<'_>, d: Box<Diagnostic>| {
        let mut all = vec![*d];
        all.extend(ev.take_extra());
        crate::resolve::resolve_places(db, &mut all);
        all
    };
    let mut thunk = ev.module(root);
    let mut origin = None;
    let path = request.path(db);
    for (i, key) in path.iter().enumerate() {
        let value = ev.force(&thunk).map_err(|d| fail(&mut ev, d))?;
        let Value::Record(fields) = value else {
            return Err(vec![EvalError::PathNotRecord {
                request: Request::Explain,
                path: path.join("."),
                prefix: path[..i].join("."),
                kind: value.kind(),
            }
            .into()]);
        };
        let Some(next) = fields.get(key.as_str()).cloned() else {
            return Err(vec![no_such_key(
                Request::Explain,
                path.join("."),
                &fields,
                &path[i..],
            )]);
        };
        origin = ev.field_origin(&fields, key);
        thunk = next;
    }
    let site = Site::span(root, Span::new(0, 0));
    let value = output_data(&mut ev, &thunk, site).map_err(|d| fail(&mut ev, d))?;
    let failures = ev.take_extra();
    if !failures.is_empty() {
        let mut failures = failures;
        crate::resolve::resolve_places(db, &mut failures);
        return Err(failures);
    }
    let shown = |s: &Site| (s.file, crate::resolve::span_of(db, *s));
    let (set_by, rule, default) = match origin {
        Some(o) => (
            o.set_by.iter().map(shown).collect(),
            o.declared.map(|(mode, s, doc)| {
                let (file, span) = shown(&s);
                (mode, file, span, doc.map(|d| d.to_string()))
            }),
            o.default.as_ref().map(shown),
        ),
        None => (Vec::new(), None, None),
    };
    Ok(Explanation {
        value,
        set_by,
        rule,
        default,
    })
}

/// E0502 for the key `rest[0]` that `fields` lacks, on the path `path`
/// of `request`.
fn no_such_key(
    request: Request,
    path: String,
    fields: &crate::eval::value::Fields<'_>,
    rest: &[String],
) -> Diagnostic {
    EvalError::PathMissing {
        request,
        path,
        key: rest.first().cloned().unwrap_or_default(),
        rest: rest.to_vec(),
        fields: fields.keys().map(|k| k.to_string()).collect(),
    }
    .into()
}
