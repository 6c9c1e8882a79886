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
        let root = crate::db::parse(db, f).tree.root();
        for key in root.descendants().filter_map(Key::cast) {
            if super::definition::field_of_key(db, f, &key) == Some(decl) {
                out.push((f, Span::from(key.syntax().text_range())));
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
