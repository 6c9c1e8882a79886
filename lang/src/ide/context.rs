//! The syntactic context at the cursor, read from the concrete tree (so it
//! works on a half-typed file): what completion should offer there.

use rowan::TextSize;

use crate::syntax::lexer::Sym;
use crate::syntax::views::{Field, Record, Select, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode, SyntaxToken};

/// What the cursor is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorContext {
    /// After `target.`: a field of the value written at `target`.
    Field {
        /// The expression selected from.
        target: Span,
    },
    /// Where a record's field name goes.
    Key {
        /// The record.
        record: Span,
    },
    /// In a type.
    Type,
    /// In the text of a string.
    String,
    /// Where an expression goes.
    Expr,
}

fn span(node: &SyntaxNode) -> Span {
    node.text_range().into()
}

fn is_word(kind: SyntaxKind) -> bool {
    match kind {
        SyntaxKind::Ident => true,
        SyntaxKind::Sym(s) => s.is_keyword(),
        _ => false,
    }
}

/// The nearest token before `token` that is not trivia.
fn previous(token: &SyntaxToken) -> Option<SyntaxToken> {
    let mut t = token.prev_token();
    while let Some(tok) = t {
        if !tok.kind().is_trivia() {
            return Some(tok);
        }
        t = tok.prev_token();
    }
    None
}

/// The context at `offset` of the tree rooted at `root`.
pub(super) fn at(root: &SyntaxNode, offset: usize) -> CursorContext {
    let Ok(at) = u32::try_from(offset).map(TextSize::from) else {
        return CursorContext::Expr;
    };
    if at > root.text_range().end() {
        return CursorContext::Expr;
    }
    let Some(token) = root.token_at_offset(at).left_biased() else {
        return CursorContext::Expr;
    };
    // Inside string text, or right after an opening quote.
    let opens_string = matches!(token.kind(), SyntaxKind::Quote | SyntaxKind::IndQuote)
        && token
            .parent()
            .and_then(|p| p.first_token())
            .is_some_and(|first| first == token);
    if token.kind() == SyntaxKind::StrText || opens_string {
        return CursorContext::String;
    }
    // The word being typed, if any, and what comes before it.
    let word = is_word(token.kind()).then(|| token.clone());
    let before = match &word {
        Some(w) => previous(w),
        None if token.kind().is_trivia() => previous(&token),
        None => Some(token.clone()),
    };
    if let Some(prev) = &before {
        match prev.kind() {
            SyntaxKind::Sym(Sym::Dot) => {
                let target = prev
                    .parent()
                    .and_then(Select::cast)
                    .and_then(|s| s.target());
                if let Some(target) = target {
                    return CursorContext::Field {
                        target: span(target.syntax()),
                    };
                }
            }
            SyntaxKind::Sym(Sym::LBrace | Sym::Comma) => {
                if let Some(record) = prev.parent().and_then(Record::cast) {
                    return CursorContext::Key {
                        record: span(record.syntax()),
                    };
                }
            }
            _ => {}
        }
    }
    // A word that is a record's key.
    if let Some(w) = &word {
        let record_of_key = w
            .parent_ancestors()
            .take(3)
            .find_map(Field::cast)
            .filter(|field| {
                // Only the key path, not the value after `=`.
                field
                    .key_path()
                    .is_some_and(|path| path.syntax().text_range().contains_inclusive(at))
            })
            .and_then(|field| field.syntax().parent().and_then(Record::cast));
        if let Some(record) = record_of_key {
            return CursorContext::Key {
                record: span(record.syntax()),
            };
        }
    }
    // A type or an expression, whichever encloses the cursor first.
    let start = word.or(before).unwrap_or(token);
    for node in start.parent_ancestors() {
        if node.kind().is_type() || node.kind() == SyntaxKind::TypeField {
            return CursorContext::Type;
        }
        if node.kind().is_expr() {
            return CursorContext::Expr;
        }
        // A `:` just typed in a binding or parameter starts a type.
        if matches!(
            node.kind(),
            SyntaxKind::Binding | SyntaxKind::ParamTyped | SyntaxKind::Annot
        ) && start.kind() == SyntaxKind::Sym(Sym::Colon)
        {
            return CursorContext::Type;
        }
    }
    CursorContext::Expr
}
