//! Every place that refers to what is at an offset: the uses of a binding
//! (in its file), the imports of a file, and, for a field, every key in
//! the workspace that names the same declaration — selections of it, and
//! the records (layers included) that set it.

use crate::db::{Database, Db, ImportTarget, SourceFile};
use crate::syntax::views::{Key, View};
use crate::syntax::Span;

pub(super) fn at(db: &Database, file: SourceFile, offset: usize) -> Vec<(SourceFile, Span)> {
    let lowered = crate::resolve::lower(db, file);
    if let Some(def) = lowered.binding_at(offset) {
        let mut out = vec![(file, def)];
        out.extend(lowered.references_of(def).into_iter().map(|s| (file, s)));
        return out;
    }
    let files = floe_files(db);
    if let Some(target) = lowered.import_at(offset) {
        let mut out = Vec::new();
        for f in files {
            for i in &crate::resolve::lower(db, f).imports {
                if target.is_some() && i.target.as_ref().ok().map(ImportTarget::file) == target {
                    out.push((f, i.span));
                }
            }
        }
        return out;
    }
    let Some(decl) = super::definition::field(db, file, offset) else {
        return Vec::new();
    };
    let mut out = vec![(decl.file, crate::resolve::span_of(db, decl))];
    for f in files {
        for (named, key) in field_keys(db, f) {
            if *named == decl {
                out.push((f, *key));
            }
        }
    }
    out.sort_by_key(|(f, s)| (f.name(db).clone(), s.start()));
    out.dedup();
    out
}

/// The workspace's Floe files, as loaded.
pub(super) fn floe_files(db: &Database) -> Vec<SourceFile> {
    let mut paths = db.loaded_paths();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| db.lookup(p).and_then(Result::ok))
        .filter(|f| f.exists(db) && f.kind(db) == crate::db::FileKind::Floe)
        .collect()
}

/// Every key of `file` that names a declared field, with the declaration:
/// the index references read, kept per file so that after an edit only
/// the edited file's keys are read again.
#[salsa::tracked(returns(ref))]
pub(super) fn field_keys(db: &dyn Db, file: SourceFile) -> Vec<(crate::diagnostics::Place, Span)> {
    let root = crate::db::parse(db, file).tree.root();
    root.descendants()
        .filter_map(Key::cast)
        .filter_map(|key| {
            let decl = super::definition::field_of_key(db, file, &key)?;
            Some((decl, Span::from(key.syntax().text_range())))
        })
        .collect()
}

/// Builds the index of every loaded file's field keys, so that the first
/// search for a field's references is as fast as the next.
pub(super) fn prepare(db: &Database) {
    for f in floe_files(db) {
        let _ = field_keys(db, f);
    }
}
