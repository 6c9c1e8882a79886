//! The names in scope at an offset, read from the concrete tree: `let`
//! bindings (visible in all of their `let`), lambda parameters (in the
//! body), then the builtins.

use rowan::TextSize;

use crate::builtins::Builtin;
use crate::syntax::views::{Lambda, Let, LetItem, View};
use crate::syntax::{SyntaxNode, SyntaxToken};

/// What kind of thing a name in scope is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A value bound by `let`.
    Binding,
    /// A type bound by `let type`.
    Type,
    /// A lambda parameter, a field of a parameter pattern, or its `@` name.
    Parameter,
    /// A builtin function.
    Builtin,
}

/// A name visible at a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeName {
    /// The name.
    pub name: String,
    /// What it names.
    pub kind: NameKind,
}

fn push(out: &mut Vec<ScopeName>, name: Option<&SyntaxToken>, kind: NameKind) {
    if let Some(name) = name.map(|t| t.text()) {
        push_name(out, name, kind);
    }
}

fn push_name(out: &mut Vec<ScopeName>, name: &str, kind: NameKind) {
    if !name.is_empty() && !out.iter().any(|s| s.name == name) {
        out.push(ScopeName {
            name: name.to_string(),
            kind,
        });
    }
}

/// The names in scope at `offset`, innermost first, builtins last.
pub(super) fn at(root: &SyntaxNode, offset: usize) -> Vec<ScopeName> {
    let mut out = Vec::new();
    let at = u32::try_from(offset)
        .map(TextSize::from)
        .unwrap_or(root.text_range().end())
        .min(root.text_range().end());
    // After white space at the end of a file the trivia belongs to the
    // root: the last token written tells where the cursor is.
    let mut token = root.token_at_offset(at).left_biased();
    while let Some(t) = token.clone().filter(|t| t.kind().is_trivia()) {
        token = t.prev_token();
    }
    for node in token.iter().flat_map(|t| t.parent_ancestors()) {
        if let Some(let_) = Let::cast(node.clone()) {
            for item in let_.items() {
                match item {
                    LetItem::Value(b) => push(&mut out, b.name().as_ref(), NameKind::Binding),
                    LetItem::Type(t) => push(&mut out, t.name().as_ref(), NameKind::Type),
                }
            }
        }
        // A lambda's parameters are in scope in its body, past the `->`.
        let lambda = Lambda::cast(node).filter(|l| {
            l.arrow()
                .is_some_and(|arrow| arrow.text_range().end() <= at)
        });
        if let Some(lambda) = lambda {
            for param in lambda.params() {
                for name in param.names() {
                    push(&mut out, Some(&name), NameKind::Parameter);
                }
            }
            push(&mut out, lambda.whole().as_ref(), NameKind::Parameter);
        }
    }
    for builtin in Builtin::ALL {
        push_name(&mut out, builtin.name(), NameKind::Builtin);
    }
    out
}
