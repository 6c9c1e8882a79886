//! Where what is at an offset is defined, in any file: the binding a name
//! refers to, the file an import reads, the declaration of the field a
//! selection or a record key names (the schema's field for a record
//! checked against one, the key where a record literal was written for
//! one that was not, as `lib.port` for `lib = import "./lib.floe"`).

use crate::db::{Db, SourceFile};
use crate::diagnostics::Place;
use crate::syntax::views::{around, Field, Key, KeyPath, Record, Select, View};
use crate::syntax::{Span, SyntaxNode};
use crate::types::Ty;

pub(super) fn at(db: &dyn Db, file: SourceFile, offset: usize) -> Vec<(SourceFile, Span)> {
    let lowered = crate::resolve::lower(db, file);
    if let Some(def) = lowered.definition_at(offset) {
        return vec![(file, def)];
    }
    if let Some(target) = lowered.import_at(offset) {
        return target.map(|f| (f, Span::default())).into_iter().collect();
    }
    field(db, file, offset)
        .map(|place| (place.file, crate::resolve::span_of(db, place)))
        .into_iter()
        .collect()
}

/// The declaration of the field named by the key at `offset`.
pub(super) fn field(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Place> {
    named_field(db, file, &key_at(db, file, offset)?)?.decl
}

/// The declaration of the field `key` (a key of `file`) names.
pub(super) fn field_of_key(db: &dyn Db, file: SourceFile, key: &Key) -> Option<Place> {
    named_field(db, file, key)?.decl
}

/// The key at `offset`, if the cursor is on a key.
pub(super) fn key_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Key> {
    around(&crate::db::parse(db, file).tree.root(), offset)
}

/// The field of a record type that `key` names: a key of a selection
/// (`target.a.b`) or of a record literal's field (`a.b = …`), read through
/// the type the checker recorded for the target or the record.
pub(super) fn named_field(
    db: &dyn Db,
    file: SourceFile,
    key: &Key,
) -> Option<crate::types::FieldTy> {
    let parent = key.syntax().parent()?;
    // What the first key is a field of, and the keys of the path.
    let (owner, keys): (SyntaxNode, Vec<Key>) = if let Some(select) = Select::cast(parent.clone()) {
        (select.target()?.syntax().clone(), select.keys().collect())
    } else {
        let path = KeyPath::cast(parent)?;
        let record = path
            .syntax()
            .parent()
            .and_then(Field::cast)?
            .syntax()
            .parent();
        (
            record.and_then(Record::cast)?.syntax().clone(),
            path.keys().collect(),
        )
    };
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let mut ty = types
        .type_of(anchors, Span::from(owner.text_range()))?
        .clone();
    let mut found = None;
    // The keys up to the cursor's, each a field of the one before.
    let start = key.syntax().text_range().start();
    for k in keys
        .iter()
        .take_while(|k| k.syntax().text_range().start() <= start)
    {
        let field = field_of(&ty, &k.text())?.clone();
        ty = field.ty.clone();
        found = Some(field);
    }
    found
}

/// The field `name` of a record type, seen through names and `?`.
pub(super) fn field_of<'t>(ty: &'t Ty, name: &str) -> Option<&'t crate::types::FieldTy> {
    match ty.strip() {
        Ty::Record(rt) => rt.fields.iter().find(|f| &*f.name == name),
        Ty::Optional(inner) => field_of(inner, name),
        _ => None,
    }
}
