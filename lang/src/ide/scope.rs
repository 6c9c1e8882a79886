//! The names in scope at an offset, read from the concrete tree: `let`
//! bindings (visible in all of their `let`), lambda parameters (in the
//! body), then the builtins.

use rowan::TextSize;

use crate::builtins::Builtin;
use crate::syntax::lexer::Sym;
use crate::syntax::{SyntaxKind, SyntaxNode};

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

fn first_ident(node: &SyntaxNode) -> Option<String> {
    node.children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == SyntaxKind::Ident)
        .map(|t| t.text().to_string())
}

fn push(out: &mut Vec<ScopeName>, name: Option<String>, kind: NameKind) {
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        if !out.iter().any(|s| s.name == name) {
            out.push(ScopeName { name, kind });
        }
    }
}

/// The names of a lambda's parameters.
fn parameters(lambda: &SyntaxNode, out: &mut Vec<ScopeName>) {
    let mut bind_next = false;
    for element in lambda.children_with_tokens() {
        match element {
            rowan::NodeOrToken::Node(n) => match n.kind() {
                SyntaxKind::ParamName | SyntaxKind::ParamTyped => {
                    push(out, first_ident(&n), NameKind::Parameter);
                }
                SyntaxKind::Pattern => {
                    for field in n.children().filter(|f| f.kind() == SyntaxKind::PatField) {
                        push(out, first_ident(&field), NameKind::Parameter);
                    }
                }
                _ => {}
            },
            rowan::NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::Sym(Sym::At) => bind_next = true,
                SyntaxKind::Ident if bind_next => {
                    bind_next = false;
                    push(out, Some(t.text().to_string()), NameKind::Parameter);
                }
                SyntaxKind::Sym(Sym::Arrow) => break,
                _ => {}
            },
        }
    }
}

/// Whether `at` is past the `->` of `lambda` (in its body).
fn in_body(lambda: &SyntaxNode, at: TextSize) -> bool {
    lambda
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == SyntaxKind::Sym(Sym::Arrow))
        .is_some_and(|arrow| arrow.text_range().end() <= at)
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
        match node.kind() {
            SyntaxKind::Let => {
                for binding in node.children() {
                    match binding.kind() {
                        SyntaxKind::Binding => {
                            push(&mut out, first_ident(&binding), NameKind::Binding)
                        }
                        SyntaxKind::TypeBinding => {
                            push(&mut out, first_ident(&binding), NameKind::Type)
                        }
                        _ => {}
                    }
                }
            }
            SyntaxKind::Lambda if in_body(&node, at) => parameters(&node, &mut out),
            _ => {}
        }
    }
    for builtin in Builtin::ALL {
        push(
            &mut out,
            Some(builtin.name().to_string()),
            NameKind::Builtin,
        );
    }
    out
}
