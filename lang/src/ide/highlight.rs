//! Semantic highlighting: what each token of a file is, from the concrete
//! tree and name resolution: a binding, a parameter, a builtin, a field,
//! a type, a keyword (field modes included), a literal, a comment.

use std::collections::HashMap;

use crate::db::{Db, SourceFile};
use crate::syntax::{Span, SyntaxKind, SyntaxToken};

/// What a token is, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HighlightKind {
    /// A keyword or a field mode (`stronger`, `final`, …).
    Keyword,
    /// A comment.
    Comment,
    /// Text of a string.
    String,
    /// A number.
    Number,
    /// An operator.
    Operator,
    /// A value bound by `let`.
    Variable,
    /// A function bound by `let`, or a builtin.
    Function,
    /// A lambda parameter.
    Parameter,
    /// A record field.
    Property,
    /// A type.
    Type,
}

/// One highlighted token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Highlight {
    /// The token.
    pub span: Span,
    /// What it is.
    pub kind: HighlightKind,
    /// Whether it is where the name is defined.
    pub declaration: bool,
    /// Whether it names a builtin.
    pub builtin: bool,
}

pub(super) fn at(db: &dyn Db, file: SourceFile) -> Vec<Highlight> {
    let root = crate::db::parse(db, file).tree.root();
    let lowered = crate::resolve::lower(db, file);
    let builtins: HashMap<Span, ()> = lowered.builtin_uses.iter().map(|(s, _)| (*s, ())).collect();
    let definitions: HashMap<Span, Span> = lowered.definitions.iter().copied().collect();
    let tokens: Vec<SyntaxToken> = root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .collect();
    // What each name is where it is defined, for its uses to say the same.
    let mut declared: HashMap<Span, HighlightKind> = HashMap::new();
    for token in &tokens {
        if let Some(kind) = declaration(token) {
            declared.insert(token.text_range().into(), kind);
        }
    }
    let mut out = Vec::new();
    for token in &tokens {
        let span: Span = token.text_range().into();
        let plain = |kind| Highlight {
            span,
            kind,
            declaration: false,
            builtin: false,
        };
        let highlight = match token.kind() {
            SyntaxKind::Comment => Some(plain(HighlightKind::Comment)),
            SyntaxKind::Quote | SyntaxKind::IndQuote | SyntaxKind::StrText => {
                Some(plain(HighlightKind::String))
            }
            SyntaxKind::Int | SyntaxKind::Float => Some(plain(HighlightKind::Number)),
            SyntaxKind::Sym(s) if s.is_keyword() => Some(plain(HighlightKind::Keyword)),
            SyntaxKind::Sym(s) if is_operator(s.text()) => Some(plain(HighlightKind::Operator)),
            SyntaxKind::Ident => {
                if let Some(kind) = declared.get(&span) {
                    Some(Highlight {
                        declaration: true,
                        ..plain(*kind)
                    })
                } else if builtins.contains_key(&span) {
                    Some(Highlight {
                        builtin: true,
                        ..plain(HighlightKind::Function)
                    })
                } else if let Some(def) = definitions.get(&span) {
                    declared.get(def).map(|kind| plain(*kind))
                } else {
                    by_parent(token).map(plain)
                }
            }
            _ => None,
        };
        out.extend(highlight);
    }
    out
}

fn is_operator(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| "+-*/%&|!=<>".contains(c))
        && !matches!(text, "|" | "=")
}

/// What the name `token` defines, if it defines one.
fn declaration(token: &SyntaxToken) -> Option<HighlightKind> {
    if token.kind() != SyntaxKind::Ident {
        return None;
    }
    let parent = token.parent()?;
    let first_ident = || {
        parent
            .children_with_tokens()
            .find(|c| c.kind() == SyntaxKind::Ident)
            .and_then(|c| c.into_token())
            .is_some_and(|t| &t == token)
    };
    match parent.kind() {
        SyntaxKind::Binding if first_ident() => {
            let function = parent.children().any(|c| c.kind() == SyntaxKind::Lambda);
            Some(if function {
                HighlightKind::Function
            } else {
                HighlightKind::Variable
            })
        }
        SyntaxKind::TypeBinding if first_ident() => Some(HighlightKind::Type),
        SyntaxKind::ParamName | SyntaxKind::ParamTyped | SyntaxKind::PatField => {
            Some(HighlightKind::Parameter)
        }
        // `@ whole` of a lambda.
        SyntaxKind::Lambda | SyntaxKind::Pattern => Some(HighlightKind::Parameter),
        _ => None,
    }
}

/// What a name that neither defines nor refers to a binding is, by where
/// it stands.
fn by_parent(token: &SyntaxToken) -> Option<HighlightKind> {
    match token.parent()?.kind() {
        SyntaxKind::Key => Some(HighlightKind::Property),
        SyntaxKind::FieldMode => Some(HighlightKind::Keyword),
        SyntaxKind::TypePath | SyntaxKind::TypeApply => Some(HighlightKind::Type),
        _ => None,
    }
}
