//! Where what is at an offset is defined, in any file: the binding a name
//! refers to, the file an import reads, the declaration of the field a
//! selection or a record key names (the schema's field for a record
//! checked against one, the key where a record literal was written for
//! one that was not, as `lib.port` for `lib = import "./lib.floe"`).

use rowan::TextSize;

use crate::db::{Db, SourceFile};
use crate::diagnostics::Place;
use crate::syntax::{Span, SyntaxKind, SyntaxNode};
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

/// The declaration of the field `key` (a `Key` node of `file`) names.
pub(super) fn field_of_key(db: &dyn Db, file: SourceFile, key: &SyntaxNode) -> Option<Place> {
    named_field(db, file, key)?.decl
}

/// The `Key` node at `offset`, if the cursor is on a key.
pub(super) fn key_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<SyntaxNode> {
    let root = crate::db::parse(db, file).tree.root();
    let token = root
        .token_at_offset(TextSize::from(u32::try_from(offset).ok()?))
        .right_biased()?;
    token
        .parent_ancestors()
        .find(|n| n.kind() == SyntaxKind::Key)
}

/// The field of a record type that `key` names: a key of a selection
/// (`target.a.b`) or of a record literal's field (`a.b = …`), read through
/// the type the checker recorded for the target or the record.
pub(super) fn named_field(
    db: &dyn Db,
    file: SourceFile,
    key: &SyntaxNode,
) -> Option<crate::types::FieldTy> {
    let parent = key.parent()?;
    // What the first key is a field of.
    let owner = match parent.kind() {
        SyntaxKind::Select => parent
            .children()
            .next()
            .filter(|n| n.kind() != SyntaxKind::Key)?,
        SyntaxKind::KeyPath => parent
            .parent()
            .filter(|f| f.kind() == SyntaxKind::Field)?
            .parent()
            .filter(|r| r.kind() == SyntaxKind::Record)?,
        _ => return None,
    };
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let mut ty = types
        .type_of(anchors, Span::from(owner.text_range()))?
        .clone();
    let mut found = None;
    // The keys up to the cursor's, each a field of the one before.
    let keys = parent
        .children()
        .filter(|k| k.kind() == SyntaxKind::Key)
        .take_while(|k| k.text_range().start() <= key.text_range().start());
    for k in keys {
        let name = k.text().to_string();
        let field = field_of(&ty, name.trim_matches('"'))?.clone();
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
