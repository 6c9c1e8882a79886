//! The type at an offset: of the innermost expression there, or, on a
//! record's key, of the value the key is given.

use rowan::TextSize;

use crate::db::{Db, SourceFile};
use crate::syntax::lexer::Sym;
use crate::syntax::{Span, SyntaxKind};

/// The span of the value of the record field whose last key is at
/// `offset`, if there is one.
fn field_value_at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Span> {
    let root = crate::db::parse(db, file).tree.root();
    let at = TextSize::from(u32::try_from(offset).ok()?);
    let token = root.token_at_offset(at).right_biased()?;
    let key = token
        .parent_ancestors()
        .find(|n| n.kind() == SyntaxKind::Key)?;
    let path = key.parent().filter(|p| p.kind() == SyntaxKind::KeyPath)?;
    // Only the last key names the value; `a` of `a.b = 1` is a record.
    if path.children().last()? != key {
        return None;
    }
    let field = path.parent().filter(|f| f.kind() == SyntaxKind::Field)?;
    let mut after_assign = false;
    for element in field.children_with_tokens() {
        match element {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::Sym(Sym::Assign) => {
                after_assign = true;
            }
            rowan::NodeOrToken::Node(n) if after_assign && n.kind().is_expr() => {
                return Some(n.text_range().into());
            }
            _ => {}
        }
    }
    None
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
