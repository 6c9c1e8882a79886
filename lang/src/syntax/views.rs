//! Typed views of the concrete tree, in the manner of rust-analyzer's
//! `ast` module: one newtype per node kind over a rowan node, with
//! accessors that answer `None` (or nothing) where the text is incomplete,
//! so every reader works on a half-typed file. Views cost nothing to make;
//! they own only a node handle.

use super::lexer::Sym;
use super::{SyntaxKind, SyntaxNode, SyntaxToken};

/// A typed view of one kind of node.
pub trait View: Sized {
    /// The view of `node`, if it is of this view's kind.
    fn cast(node: SyntaxNode) -> Option<Self>;
    /// The node viewed.
    fn syntax(&self) -> &SyntaxNode;
}

/// A view of the nodes whose kind passes `$test`.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident, |$kind:ident| $test:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);

        impl View for $name {
            fn cast(node: SyntaxNode) -> Option<Self> {
                let $kind = node.kind();
                ($test).then_some($name(node))
            }

            fn syntax(&self) -> &SyntaxNode {
                &self.0
            }
        }
    };
}

/// One view per node kind, named as the kind.
macro_rules! views {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        view!($(#[$doc])* $name, |kind| kind == SyntaxKind::$name);
    )*};
}

views! {
    /// The whole file.
    Root,
    /// `let … in body`.
    Let,
    /// `x = e` or `x : T = e` in a `let`.
    Binding,
    /// `type X = T` in a `let`.
    TypeBinding,
    /// `\x (y : T) { a, .. } @ r -> body`.
    Lambda,
    /// A parameter that is a plain name.
    ParamName,
    /// `(x : T)`.
    ParamTyped,
    /// `{ a, b = 1, .. } @ all`.
    Pattern,
    /// One field of a record pattern.
    PatField,
    /// `{ a = 1, b }`.
    Record,
    /// `a.b = value` or a punned `a`.
    Field,
    /// `a.b.c`.
    KeyPath,
    /// One key: a name, a keyword or a string.
    Key,
    /// `e.a.b`, optionally `or default`.
    Select,
    /// A variable reference.
    Var,
    /// `import "path"`.
    Import,
    /// A string literal.
    Str,
    /// `{ name : T = default, .. }`.
    TypeRecord,
    /// One field of a record type.
    TypeField,
    /// `final`, `stronger(lower)`, … before a field name.
    FieldMode,
}

/// The innermost node around the token that starts at or covers `offset`
/// that `N` views.
pub fn around<N: View>(root: &SyntaxNode, offset: usize) -> Option<N> {
    let at = rowan::TextSize::from(u32::try_from(offset).ok()?);
    if at > root.text_range().end() {
        return None;
    }
    root.token_at_offset(at)
        .right_biased()?
        .parent_ancestors()
        .find_map(N::cast)
}

/// The first child of `node` that `N` views.
fn child<N: View>(node: &SyntaxNode) -> Option<N> {
    node.children().find_map(N::cast)
}

/// Every child of `node` that `N` views.
fn children<N: View>(node: &SyntaxNode) -> impl Iterator<Item = N> {
    node.children().filter_map(N::cast)
}

/// The first token of `node` itself (not of its children) of `kind`.
fn token(node: &SyntaxNode, kind: SyntaxKind) -> Option<SyntaxToken> {
    node.children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == kind)
}

/// The child nodes of `node` after its token `kind`.
fn after(node: &SyntaxNode, kind: SyntaxKind) -> impl Iterator<Item = SyntaxNode> {
    node.children_with_tokens()
        .skip_while(move |e| e.as_token().is_none_or(|t| t.kind() != kind))
        .filter_map(|e| e.into_node())
}

view!(
    /// Any expression node.
    Expr,
    |kind| kind.is_expr()
);

view!(
    /// Any type node.
    TypeExpr,
    |kind| kind.is_type()
);

/// A name a binding, parameter or field introduces: its first identifier.
fn ident(node: &SyntaxNode) -> Option<SyntaxToken> {
    token(node, SyntaxKind::Ident)
}

impl Root {
    /// The file's expression.
    pub fn expr(&self) -> Option<Expr> {
        child(&self.0)
    }
}

/// One binding of a `let`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LetItem {
    /// `x = e`.
    Value(Binding),
    /// `type X = T`.
    Type(TypeBinding),
}

impl Let {
    /// The bindings, values and types, in the order written.
    pub fn items(&self) -> impl Iterator<Item = LetItem> {
        self.0.children().filter_map(|n| {
            Binding::cast(n.clone())
                .map(LetItem::Value)
                .or_else(|| TypeBinding::cast(n).map(LetItem::Type))
        })
    }

    /// The expression after `in`.
    pub fn body(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::In)).find_map(Expr::cast)
    }
}

impl Binding {
    /// The name bound.
    pub fn name(&self) -> Option<SyntaxToken> {
        ident(&self.0)
    }

    /// The type written after `:`, if any.
    pub fn ty(&self) -> Option<TypeExpr> {
        child(&self.0)
    }

    /// The value after `=`.
    pub fn value(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::Assign)).find_map(Expr::cast)
    }
}

impl TypeBinding {
    /// The type's name.
    pub fn name(&self) -> Option<SyntaxToken> {
        ident(&self.0)
    }

    /// The type after `=`.
    pub fn ty(&self) -> Option<TypeExpr> {
        after(&self.0, SyntaxKind::Sym(Sym::Assign)).find_map(TypeExpr::cast)
    }
}

/// One parameter of a lambda.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// `x`.
    Name(ParamName),
    /// `(x : T)`.
    Typed(ParamTyped),
    /// `{ a, b = 1, .. }`.
    Pattern(Pattern),
}

impl Param {
    /// The names the parameter binds.
    pub fn names(&self) -> Vec<SyntaxToken> {
        match self {
            Param::Name(p) => ident(&p.0).into_iter().collect(),
            Param::Typed(p) => ident(&p.0).into_iter().collect(),
            Param::Pattern(p) => p.fields().filter_map(|f| f.name()).collect(),
        }
    }
}

impl Lambda {
    /// The parameters before `->`.
    pub fn params(&self) -> impl Iterator<Item = Param> {
        self.0
            .children_with_tokens()
            .take_while(|e| e.kind() != SyntaxKind::Sym(Sym::Arrow))
            .filter_map(|e| e.into_node())
            .filter_map(|n| {
                ParamName::cast(n.clone())
                    .map(Param::Name)
                    .or_else(|| ParamTyped::cast(n.clone()).map(Param::Typed))
                    .or_else(|| Pattern::cast(n).map(Param::Pattern))
            })
    }

    /// The name after `@`, which binds the whole argument.
    pub fn whole(&self) -> Option<SyntaxToken> {
        self.0
            .children_with_tokens()
            .take_while(|e| e.kind() != SyntaxKind::Sym(Sym::Arrow))
            .filter_map(|e| e.into_token())
            .skip_while(|t| t.kind() != SyntaxKind::Sym(Sym::At))
            .find(|t| t.kind() == SyntaxKind::Ident)
    }

    /// The `->`.
    pub fn arrow(&self) -> Option<SyntaxToken> {
        token(&self.0, SyntaxKind::Sym(Sym::Arrow))
    }

    /// The body after `->`.
    pub fn body(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::Arrow)).find_map(Expr::cast)
    }
}

impl Pattern {
    /// The fields taken.
    pub fn fields(&self) -> impl Iterator<Item = PatField> {
        children(&self.0)
    }
}

impl PatField {
    /// The field's name.
    pub fn name(&self) -> Option<SyntaxToken> {
        ident(&self.0)
    }
}

impl Record {
    /// The fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = Field> {
        children(&self.0)
    }
}

impl Field {
    /// The keys before `=` (the only ones of a punned field).
    pub fn key_path(&self) -> Option<KeyPath> {
        child(&self.0)
    }

    /// The value after `=`.
    pub fn value(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::Assign)).find_map(Expr::cast)
    }
}

impl KeyPath {
    /// The keys.
    pub fn keys(&self) -> impl Iterator<Item = Key> {
        children(&self.0)
    }
}

impl Key {
    /// The key's name as written: a name, a keyword, or a string's text.
    pub fn text(&self) -> String {
        match child::<Str>(&self.0) {
            Some(s) => s.text(),
            None => self.0.text().to_string(),
        }
    }
}

impl Select {
    /// The expression selected from.
    pub fn target(&self) -> Option<Expr> {
        child(&self.0)
    }

    /// The keys after the target's dots.
    pub fn keys(&self) -> impl Iterator<Item = Key> {
        children(&self.0)
    }

    /// The default after `or`.
    pub fn default(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::Or)).find_map(Expr::cast)
    }
}

impl Var {
    /// The name referred to.
    pub fn name(&self) -> Option<SyntaxToken> {
        ident(&self.0)
    }
}

impl Import {
    /// The path, as a string literal.
    pub fn path(&self) -> Option<Str> {
        child(&self.0)
    }
}

impl Str {
    /// The text between the delimiters, as written (escapes and
    /// interpolations included).
    pub fn text(&self) -> String {
        self.0
            .children_with_tokens()
            .filter(|e| !matches!(e.kind(), SyntaxKind::Quote | SyntaxKind::IndQuote))
            .map(|e| e.to_string())
            .collect()
    }
}

impl TypeRecord {
    /// The fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = TypeField> {
        children(&self.0)
    }
}

impl TypeField {
    /// The mode written before the name, if any.
    pub fn mode(&self) -> Option<FieldMode> {
        child(&self.0)
    }

    /// The field's name.
    pub fn key(&self) -> Option<Key> {
        child(&self.0)
    }

    /// The field's type.
    pub fn ty(&self) -> Option<TypeExpr> {
        child(&self.0)
    }

    /// The default after `=`.
    pub fn default(&self) -> Option<Expr> {
        after(&self.0, SyntaxKind::Sym(Sym::Assign)).find_map(Expr::cast)
    }
}
