//! The type queries: a file's types, what importers depend on, and the
//! diagnostics of a whole program.

use crate::db::{Db, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::resolve::imports;

/// The static types of a Floe file: the type of every expression and the
/// type errors. Checking a file uses the results of the files it imports,
/// so a file whose imports did not change is not checked again.
///
/// The type table is about half of what checking a workspace keeps, and
/// only an editor reads it, so a one-shot database (the command line) does
/// not build it.
#[salsa::tracked(returns(ref))]
pub fn type_check(db: &dyn Db, file: SourceFile) -> super::FileTypes {
    super::check_file(db, file)
}

/// The type of a Floe file's value: all that checking the files that import
/// it needs (unless they layer over it). An edit that leaves the type as it
/// was, such as a changed number, leaves the importers unchecked.
///
/// A file on an import cycle is `Dynamic` here (and unknown in
/// [`file_known`]) without being checked: its type would depend on itself,
/// and the cycle is reported as E0202 by [`check`]. So every query may be
/// called on any file, cyclic or not.
#[salsa::tracked(returns(ref))]
pub fn file_type(db: &dyn Db, file: SourceFile) -> super::Ty {
    if *on_cycle(db, file) {
        return super::Ty::Dynamic;
    }
    type_check(db, file).root.clone()
}

/// Whether `file` imports itself, through any chain of Floe imports. Found
/// from the lowered files alone, so it never meets a cyclic query.
#[salsa::tracked]
pub fn on_cycle(db: &dyn Db, file: SourceFile) -> bool {
    imports::reaches(db, file, file)
}

/// What checking knows of a Floe file's value as written (for `extends`
/// over an import). Like [`file_type`], it is what importers depend on
/// instead of the whole [`type_check`], whose type table changes with any
/// edit that moves text.
#[salsa::tracked(returns(ref))]
pub fn file_known(db: &dyn Db, file: SourceFile) -> super::Known {
    if *on_cycle(db, file) {
        return super::Known::Unknown;
    }
    type_check(db, file).root_known.clone()
}

/// Every diagnostic of `file` and of all files it imports, plus import
/// cycles. This is what `floe check` reports and what `floe eval` requires
/// to be free of errors before it evaluates anything.
#[salsa::tracked(returns(ref))]
pub fn check(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let closure = imports::closure(db, file);
    let mut diagnostics = closure.diagnostics;
    // Type checking follows imports through queries, so it runs only when
    // the import graph has no cycle.
    if !closure.cyclic {
        for file in &closure.order {
            diagnostics.extend(type_check(db, *file).diagnostics.iter().cloned());
        }
    }
    // A file's diagnostics name places in the files it imports by anchor,
    // so that moving text there does not check it again; here they are
    // shown, so they become spans.
    crate::resolve::resolve_places(db, &mut diagnostics);
    diagnostics
}
