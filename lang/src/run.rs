//! The evaluation query: what `floe eval` asks the database for.

use crate::data::Data;
use crate::db::{check, Db};
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::output::to_data;
use crate::eval::value::{Site, Value};
use crate::eval::Evaluator;
use crate::resolve::did_you_mean;
use crate::syntax::Span;

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
/// evaluated; anything it does not demand is never evaluated.
#[salsa::tracked(returns(ref))]
pub fn evaluate(db: &dyn Db, request: EvalRequest) -> Result<Data, Vec<Diagnostic>> {
    let root = request.root(db);
    let mut errors: Vec<Diagnostic> = check(db, root)
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if let Some(it) = request.it(db) {
        errors.extend(check(db, it).iter().filter(|d| d.is_error()).cloned());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ev = Evaluator::new(db, request.limits(db));
    if let Some(it) = request.it(db) {
        ev.bind_it(it);
    }
    let site = Site {
        file: root,
        span: Span::new(0, 0),
    };
    let mut thunk = ev.module(root);
    let attr = request.attr(db);
    for (i, key) in attr.iter().enumerate() {
        let value = ev.force(&thunk).map_err(|d| {
            let mut all = vec![*d];
            all.extend(ev.take_extra());
            all
        })?;
        let shown = attr[..=i].join(".");
        let Value::Record(fields) = value else {
            return Err(vec![Diagnostic::bare(
                Code::E0501,
                format!(
                    "cannot select `{shown}`: `{}` is {}, not a record",
                    attr[..i].join("."),
                    value.kind()
                ),
            )]);
        };
        match fields.get(key.as_str()) {
            Some(t) => thunk = t.clone(),
            None => {
                let keys: Vec<String> = fields.keys().map(|k| k.to_string()).collect();
                let mut d = Diagnostic::bare(
                    Code::E0502,
                    format!("`--attr {shown}`: there is no field `{key}`"),
                );
                d = match did_you_mean(key, keys.iter().cloned()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_note(format!("the fields are: {}", crate::eval::preview(&keys))),
                };
                return Err(vec![d]);
            }
        }
    }
    to_data(&mut ev, &thunk, site).map_err(|d| {
        let mut all = vec![*d];
        all.extend(ev.take_extra());
        all
    })
}
