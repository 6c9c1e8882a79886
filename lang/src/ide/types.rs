//! The type at an offset: of the innermost expression there, or, on a
//! record's key, of the value the key is given.

use crate::db::{Db, SourceFile};
use crate::syntax::views::{around, Field, Key, KeyPath, View};
use crate::syntax::Span;

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

/// The type at `offset`, as written in Floe.
pub(super) fn at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<String> {
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let on_key = field_value_at(db, file, offset).and_then(|span| types.type_of(anchors, span));
    on_key
        .or_else(|| types.type_at(anchors, offset))
        .map(|t| t.text())
}
