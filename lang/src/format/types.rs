//! The layout of types: `List Int`, `"a" | "b"`, `{ name : T = d, .. }`,
//! `A -> B`, `T where p`, and `type X = T`.

use pretty::RcDoc;

use super::layout::{group_list, headed, is, joined, kid, tight, INDENT};
use super::pieces::{kids, line, notes_doc, sep_before, text, verbatim};
use super::Doc;
use crate::syntax::kind::SyntaxKind;
use crate::syntax::lexer::Sym;
use crate::syntax::SyntaxNode;

/// A type node, a record type's field, or a `type` binding, laid out.
pub(super) fn node(n: &SyntaxNode) -> Doc {
    use crate::syntax::lexer::Sym::Assign;
    use SyntaxKind::*;
    match n.kind() {
        TypePath | FieldMode => tight(n),
        TypeOptional => joined(n, RcDoc::nil),
        TypeTag => verbatim(&n.text().to_string()),
        TypeApply | TypeFunction | TypeRefined | Over => joined(n, || text(" ")),
        TypeBinding => headed(n, Assign),
        TypeParen => joined(n, RcDoc::nil),
        TypeUnion | TypeOrdered => alternatives(n),
        TypeRecord => group_list(n, true),
        TypeField => headed(n, Assign),
        _ => verbatim(&n.text().to_string()),
    }
}

/// `"a" | "b" | "c"`: one line when it fits, else one alternative per
/// line, indented.
fn alternatives(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let Some((first, rest)) = kids.split_first() else {
        return RcDoc::nil();
    };
    let mut more = RcDoc::nil();
    for k in rest {
        let sep = if is(k, Sym::Bar) || is(k, Sym::Lt) {
            line()
        } else {
            text(" ")
        };
        more = more.append(sep_before(k, sep)).append(kid(k));
    }
    kid(first)
        .append(more.nest(INDENT))
        .group()
        .append(notes_doc(&after))
}
