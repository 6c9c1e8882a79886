//! The IDE layer: what an editor asks of a workspace, as plain data. No
//! protocol types here; the language server and the REPL translate.
//!
//! An [`AnalysisHost`] owns the database and takes changes; an [`Analysis`]
//! is a snapshot that answers questions on any thread. A change made while
//! a snapshot is answering cancels it: the call returns `Err(Cancelled)`
//! and the caller asks again.

mod completion;
mod context;
mod definition;
mod docs;
mod fixes;
mod highlight;
mod inlay;
mod parent;
mod position;
mod provenance;
mod references;
mod rename;
mod scope;
mod signature;
mod structure;
mod types;

use std::panic::UnwindSafe;
use std::path::Path;

pub use completion::{Completion, CompletionKind};
pub use context::CursorContext;
pub use docs::Docs;
pub use fixes::Fix;
pub use highlight::{Highlight, HighlightKind};
pub use inlay::InlayHint;
pub use position::{Encoding, Lines, Position};
pub use provenance::{FieldRule, LayerSet, Provenance};
pub use rename::RenameError;
pub use scope::{NameKind, ScopeName};
pub use signature::SignatureHelp;
pub use structure::{Fold, FoldKind, Symbol, SymbolKind, WorkspaceSymbol, WorkspaceSymbolKind};

use crate::db::{Change, Database, LoadError, SourceFile};
use crate::diagnostics::names::NameError;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Fact;
use crate::syntax::Span;

/// One replacement in a file: of a rename, of a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    /// The file.
    pub file: SourceFile,
    /// The text replaced (empty to insert).
    pub span: Span,
    /// What replaces it.
    pub text: String,
}

/// An answer, or `Err` when a change cancelled the question.
pub type Cancellable<T> = Result<T, salsa::Cancelled>;

/// The workspace an editor works on: the database, changed in one place.
pub struct AnalysisHost {
    db: Database,
    explained: provenance::Requests,
}

impl AnalysisHost {
    /// A host over `db`.
    pub fn new(db: Database) -> AnalysisHost {
        AnalysisHost {
            db,
            explained: Default::default(),
        }
    }

    /// The database, for what the IDE layer does not ask of it: a REPL's
    /// evaluations, or new inline sources.
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// Applies one change to the file set (cancelling running snapshots).
    pub fn apply_change(&mut self, change: Change) {
        self.db.apply_change(change);
    }

    /// Reads `path` (and what it imports) into the file set.
    pub fn load(&self, path: &Path) -> Result<SourceFile, LoadError> {
        self.db.load(path)
    }

    /// Reads `path` from the file system again (a change on disk that no
    /// editor buffer holds) and applies what it found: the new text, or
    /// the file gone.
    pub fn reload(&mut self, path: &Path) {
        self.db.reload(path);
    }

    /// The file the set holds at `path`, if it holds one that exists.
    pub fn file(&self, path: &Path) -> Option<SourceFile> {
        crate::db::file_at(&self.db, &crate::db::normalize(path)).ok()
    }

    /// The evaluation of `file` as `floe check` makes it, within the
    /// default limits: made once per entry point and kept, so that asking
    /// again after an edit re-does only what the edit touched.
    pub fn evaluation(&self, file: SourceFile) -> Evaluation {
        let limits = crate::eval::Limits::default();
        Evaluation(crate::run::EvalRequest::new(
            &self.db,
            file,
            None,
            Vec::new(),
            limits,
        ))
    }

    /// A snapshot to answer questions with, on this thread or another.
    pub fn snapshot(&self) -> Analysis {
        Analysis {
            db: self.db.clone(),
            explained: self.explained.clone(),
        }
    }
}

/// The evaluation of an entry point, for the checks only evaluation makes
/// (refinements, rules computed by functions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluation(crate::run::EvalRequest);

/// A snapshot of the workspace. Every call returns plain data, or
/// `Err(Cancelled)` when a change was made meanwhile.
pub struct Analysis {
    db: Database,
    explained: provenance::Requests,
}

impl Analysis {
    fn with<T>(&self, f: impl FnOnce(&Database) -> T + UnwindSafe) -> Cancellable<T> {
        let db = &self.db;
        salsa::Cancelled::catch(move || f(db))
    }

    /// The file at `path`, if the set holds one that exists.
    pub fn file(&self, path: &Path) -> Cancellable<Option<SourceFile>> {
        self.with(|db| crate::db::file_at(db, &crate::db::normalize(path)).ok())
    }

    /// The standard-library module `name` (`std/list`), if there is one.
    pub fn module(&self, name: &str) -> Cancellable<Option<SourceFile>> {
        self.with(|db| crate::db::Db::stdlib_module(db, name))
    }

    /// The text of `file`.
    pub fn text(&self, file: SourceFile) -> Cancellable<std::sync::Arc<str>> {
        self.with(|db| file.text(db).clone())
    }

    /// Where `file` comes from: a path, a standard-library module, inline
    /// text.
    pub fn origin(&self, file: SourceFile) -> Cancellable<crate::db::Origin> {
        self.with(|db| file.origin(db).clone())
    }

    /// The name of `file` as diagnostics show it.
    pub fn name(&self, file: SourceFile) -> Cancellable<String> {
        self.with(|db| file.name(db).clone())
    }

    /// Where `file`'s lines start, to turn offsets into positions and back.
    pub fn lines(&self, file: SourceFile) -> Cancellable<Lines> {
        self.with(|db| position::line_index(db, file).clone())
    }

    /// The file's own diagnostics: syntax, names, imports (data files that
    /// do not load included) and types. Safe on any file: one on an import
    /// cycle reports the cycle instead of types.
    pub fn diagnostics(&self, file: SourceFile) -> Cancellable<Vec<Diagnostic>> {
        self.with(|db| {
            let mut out = crate::resolve::imports::file_diagnostics(db, file);
            if *crate::types::on_cycle(db, file) {
                // Its types depend on themselves, so it is not type-checked;
                // the cycle, which runs through one of its imports, is its problem.
                let walk = crate::resolve::imports::closure(db, file);
                out.extend(walk.diagnostics.into_iter().filter(|d| {
                    matches!(&*d.fact, Fact::Name(NameError::ImportCycle { members })
                        if members.iter().any(|(_, at)| at.file == file))
                }));
            } else {
                out.extend(
                    crate::types::type_check(db, file)
                        .diagnostics
                        .iter()
                        .cloned(),
                );
            }
            crate::resolve::resolve_places(db, &mut out);
            out
        })
    }

    /// What evaluating an entry point finds beyond the static checks, in
    /// any file it reaches: refinements refused, rules computed by
    /// functions broken, failures. As `floe check` reports them.
    pub fn evaluation_diagnostics(&self, evaluation: Evaluation) -> Cancellable<Vec<Diagnostic>> {
        self.with(|db| {
            let request = evaluation.0;
            let file = request.root(db);
            let found = crate::types::check(db, file);
            let mut out = if found.iter().any(Diagnostic::is_error) {
                crate::run::validate_beyond(db, request, found)
            } else {
                crate::run::validate(db, request).clone()
            };
            out.retain(|d| !found.contains(d));
            crate::resolve::resolve_places(db, &mut out);
            out
        })
    }

    /// The loaded Floe files on disk that no other loaded file imports: the
    /// entry points of the workspace.
    pub fn entries(&self) -> Cancellable<Vec<SourceFile>> {
        self.with(|db| {
            let files = references::floe_files(db);
            let imported: std::collections::HashSet<SourceFile> = files
                .iter()
                .flat_map(|f| crate::resolve::lower(db, *f).imports.iter())
                .filter_map(|i| i.target.as_ref().ok().map(|t| t.file()))
                .collect();
            files
                .into_iter()
                .filter(|f| !imported.contains(f))
                .filter(|f| matches!(f.origin(db), crate::db::Origin::Path(_)))
                .collect()
        })
    }

    /// Prepares what searching the whole workspace reads (the index of
    /// the keys that name each field), for an editor to call when the
    /// workspace is loaded, before the first search.
    pub fn prepare(&self) -> Cancellable<()> {
        self.with(references::prepare)
    }

    /// The loaded Floe files, by path.
    pub fn floe_files(&self) -> Cancellable<Vec<SourceFile>> {
        self.with(references::floe_files)
    }

    /// The static type at `offset`, as written in Floe: of the innermost
    /// expression there, or of the value a record key at `offset` is given.
    pub fn type_at(&self, file: SourceFile, offset: usize) -> Cancellable<Option<String>> {
        self.with(|db| types::at(db, file, offset))
    }

    /// Where what is at `offset` is defined, in this file or another: the
    /// binding a name refers to, the file an import reads (at its start),
    /// the declaration of the field a selection or record key names and,
    /// for a layer's field, the values the layers below it set.
    pub fn definition_at(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Vec<(SourceFile, crate::syntax::Span)>> {
        let explained = self.explained.clone();
        self.with(move |db| {
            let mut found = definition::at(db, file, offset);
            // From a layer's field, also to the values the layers below set.
            if let Some(p) = provenance::at(db, &explained, file, offset) {
                // The last layer is the one at the cursor, when this file
                // sets the field.
                let mut below: Vec<&LayerSet> = p.set_by.iter().filter(|l| !l.default).collect();
                if below.last().is_some_and(|l| l.file == file) {
                    below.pop();
                }
                found.extend(below.into_iter().map(|l| (l.file, l.span)));
            }
            found.dedup();
            found
        })
    }

    /// Where the type of what is at `offset` is declared.
    pub fn type_definition_at(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Vec<(SourceFile, Span)>> {
        self.with(|db| types::definition(db, file, offset))
    }

    /// Every place that refers to what is at `offset`, the definition
    /// included: a binding's uses, a file's imports, or every key of the
    /// loaded files that names the same field declaration (selections, and
    /// the records and layers that set it).
    pub fn references_at(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Vec<(SourceFile, crate::syntax::Span)>> {
        self.with(|db| references::at(db, file, offset))
    }

    /// The documentation at `offset`: of the builtin used there (with its
    /// signature), of the schema field a record key there sets (type,
    /// mode and doc comment), or of the binding named or used there.
    pub fn docs_at(&self, file: SourceFile, offset: usize) -> Cancellable<Option<Docs>> {
        self.with(|db| docs::at(db, file, offset))
    }

    /// What may be written at `offset`: fields after a `.`, the fields a
    /// record (a layer: those its rule lets it change) may still set, an
    /// enum's values, names in scope and keywords, type names.
    pub fn completions(&self, file: SourceFile, offset: usize) -> Cancellable<Vec<Completion>> {
        self.with(|db| completion::at(db, file, offset))
    }

    /// The name at `offset` and its span, if it can be renamed.
    pub fn prepare_rename(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Result<(Span, String), RenameError>> {
        self.with(|db| rename::prepare(db, file, offset))
    }

    /// The edits that rename what is at `offset` to `new`, or why not.
    pub fn rename(
        &self,
        file: SourceFile,
        offset: usize,
        new: &str,
    ) -> Cancellable<Result<Vec<FileEdit>, RenameError>> {
        self.with(|db| rename::rename(db, file, offset, new))
    }

    /// The signature of the function applied at `offset`, with the
    /// parameter being written.
    pub fn signature_help(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Option<SignatureHelp>> {
        self.with(|db| signature::at(db, file, offset))
    }

    /// The hints to show within `span` of `file`: inferred types of `let`
    /// bindings.
    pub fn inlay_hints(&self, file: SourceFile, span: Span) -> Cancellable<Vec<InlayHint>> {
        self.with(|db| inlay::at(db, file, span))
    }

    /// The bindings and self-named records (domains, products, ports) of
    /// every loaded file whose name holds `query`'s characters in order;
    /// at most `limit`.
    pub fn workspace_symbols(
        &self,
        query: &str,
        limit: usize,
    ) -> Cancellable<Vec<WorkspaceSymbol>> {
        self.with(|db| structure::workspace(db, query, limit))
    }

    /// The quick fixes for the diagnostics of `file` at `span`: its own
    /// static ones and `more` (what evaluation found), read from their
    /// facts.
    pub fn fixes(
        &self,
        file: SourceFile,
        span: Span,
        more: &[Diagnostic],
    ) -> Cancellable<Vec<Fix>> {
        let found = self.diagnostics(file)?;
        self.with(|db| {
            let mut all = found;
            all.extend(more.iter().cloned());
            fixes::at(db, file, span, &all)
        })
    }

    /// For a record key whose field a schema governs: the layers that set
    /// it, oldest first, the value that wins and the schema's rule, as
    /// `floe explain` gives them (the file is evaluated along the key's
    /// path).
    pub fn provenance_at(
        &self,
        file: SourceFile,
        offset: usize,
    ) -> Cancellable<Option<Provenance>> {
        let explained = self.explained.clone();
        self.with(move |db| provenance::at(db, &explained, file, offset))
    }

    /// The line (from 0) holding `offset` in `file`, and its text trimmed.
    pub fn line_of(&self, file: SourceFile, offset: usize) -> Cancellable<(usize, String)> {
        self.with(|db| provenance::line_of(db, file, offset))
    }

    /// The outline of `file`: its bindings, types and fields, nested.
    pub fn symbols(&self, file: SourceFile) -> Cancellable<Vec<Symbol>> {
        self.with(|db| structure::symbols(db, file))
    }

    /// The regions of `file` an editor can fold, in order.
    pub fn folds(&self, file: SourceFile) -> Cancellable<Vec<Fold>> {
        self.with(|db| structure::folds(db, file))
    }

    /// The ranges a selection at `offset` grows through, innermost (the
    /// token) first, the whole file last.
    pub fn selection(&self, file: SourceFile, offset: usize) -> Cancellable<Vec<Span>> {
        self.with(|db| structure::selection(db, file, offset))
    }

    /// The imports of `file` that resolve: the path's span and the file.
    pub fn links(&self, file: SourceFile) -> Cancellable<Vec<(Span, SourceFile)>> {
        self.with(|db| structure::links(db, file))
    }

    /// What each token of `file` is, in order, for semantic highlighting.
    pub fn highlights(&self, file: SourceFile) -> Cancellable<Vec<Highlight>> {
        self.with(|db| highlight::at(db, file))
    }

    /// What the cursor at `offset` is in: after a `.`, at a record key, in
    /// a type, in a string, or in an expression.
    pub fn context_at(&self, file: SourceFile, offset: usize) -> Cancellable<CursorContext> {
        self.with(|db| context::at(&crate::db::parse(db, file).tree.root(), offset))
    }

    /// The names visible at `offset`, innermost first, builtins last.
    pub fn names_in_scope(&self, file: SourceFile, offset: usize) -> Cancellable<Vec<ScopeName>> {
        self.with(|db| scope::at(&crate::db::parse(db, file).tree.root(), offset))
    }

    /// `offset` as a line and column in `encoding`.
    pub fn position(
        &self,
        file: SourceFile,
        offset: usize,
        encoding: Encoding,
    ) -> Cancellable<Position> {
        self.with(|db| position::of_offset(position::line_index(db, file), offset, encoding))
    }

    /// The byte offset of `position` (given in `encoding`), if it is in the
    /// file.
    pub fn offset(
        &self,
        file: SourceFile,
        position: Position,
        encoding: Encoding,
    ) -> Cancellable<Option<usize>> {
        self.with(|db| position::to_offset(position::line_index(db, file), position, encoding))
    }
}
