//! The type at an offset: of the innermost expression there, or, on a
//! record's key, of the value the key is given; and where it is declared.

use crate::db::{Database, Db, SourceFile};
use crate::syntax::views::{around, Field, Key, KeyPath, TypeBinding, View};
use crate::syntax::Span;
use crate::types::Ty;

/// The span of the value of the record field whose last key is at
/// `offset`, if there is one.
fn field_value_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Span> {
    let key: Key = around(&crate::db::parse(db, file).tree.root(), offset)?;
    let path = key.syntax().parent().and_then(KeyPath::cast)?;
    // Only the last key names the value; `a` of `a.b = 1` is a record.
    if path.keys().last()? != key {
        return None;
    }
    let field = path.syntax().parent().and_then(Field::cast)?;
    Some(field.value()?.syntax().text_range().into())
}

/// The type at `offset`.
pub(super) fn ty_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Ty> {
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let on_key = field_value_at(db, file, offset).and_then(|span| types.type_of(anchors, span));
    on_key.or_else(|| types.type_at(anchors, offset)).cloned()
}

/// The type at `offset`, as written in Floe.
pub(super) fn at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<String> {
    ty_at(db, file, offset).map(|t| t.text())
}

/// Where the type at `offset` is declared: the `let type` bindings of its
/// name in the loaded files (this file's first), seen through `?` and
/// `List`.
pub(super) fn definition(
    db: &Database,
    file: SourceFile,
    offset: usize,
) -> Vec<(SourceFile, Span)> {
    let Some(ty) = ty_at(db, file, offset) else {
        return Vec::new();
    };
    let Some(name) = named(&ty) else {
        return Vec::new();
    };
    // `schema.Manifest` is declared as `Manifest`.
    let last = name.rsplit('.').next().unwrap_or(&name).to_string();
    let mut files = super::references::floe_files(db);
    files.sort_by_key(|f| *f != file);
    let mut out = Vec::new();
    for f in files {
        let root = crate::db::parse(db, f).tree.root();
        for binding in root.descendants().filter_map(TypeBinding::cast) {
            if let Some(n) = binding.name().filter(|n| n.text() == last) {
                out.push((f, Span::from(n.text_range())));
            }
        }
    }
    out
}

fn named(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named(name, _) => Some(name.to_string()),
        Ty::Optional(inner) | Ty::List(inner) | Ty::Refined(inner, _) => named(inner),
        _ => None,
    }
}
