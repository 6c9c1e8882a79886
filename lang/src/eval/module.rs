//! An imported file's value as plain data, kept by the database across
//! edits of other files.

use super::output::to_data;
use super::value::Site;
use super::Evaluator;
use crate::data::Data;
use crate::db::{Db, SourceFile};
use crate::syntax::Span;

/// Most evaluation steps an imported file may take to be evaluated
/// completely as data (a few hundred milliseconds of work).
pub const EAGER_STEPS: u64 = 20_000_000;

/// The value of the Floe file `file` as plain data, when it is plain data:
/// evaluated completely, on its own, with no function, type or schema-checked
/// record in it, and no error. Evaluation imports such files through this
/// query, so the database keeps their values across edits of other files and
/// an edit re-evaluates only the files it reaches. Anything else is `None`
/// and is evaluated lazily where it is imported (where an error in a part
/// nobody uses stays unreported, as laziness promises).
#[salsa::tracked(returns(ref))]
pub fn module_data(db: &dyn Db, file: SourceFile, limits: super::Limits) -> Option<Data> {
    // Evaluating a file completely computes parts that lazy evaluation
    // might never demand; a budget bounds what that can waste (an unused
    // field that takes minutes) before the file is left to lazy evaluation.
    let budget = super::Limits {
        max_steps: limits.max_steps.min(EAGER_STEPS),
        ..limits
    };
    let mut ev = Evaluator::new(db, budget);
    ev.want_plain_data();
    let thunk = ev.module(file);
    let site = Site::span(file, Span::new(0, 0));
    let data = to_data(&mut ev, &thunk, site).ok()?;
    // A failure left aside on the way is left to the lazy evaluation,
    // which reports it.
    ev.take_extra().is_empty().then_some(data)
}
