//! The kinds of the concrete syntax tree's tokens and nodes, and the rowan
//! language that ties them to the tree.

use super::lexer::Sym;

macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A token or node kind of the concrete syntax tree.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum SyntaxKind {
            $($(#[$doc])* $name,)*
            /// A keyword or punctuation.
            Sym(Sym),
        }

        /// The kinds without a [`Sym`], in a fixed order: their raw numbers.
        const FIXED: &[SyntaxKind] = &[$(SyntaxKind::$name,)*];

        /// The same kinds as a plain enumeration, whose discriminants are
        /// the raw numbers (`FIXED[Raw::X as usize] == SyntaxKind::X`).
        #[allow(dead_code)]
        enum Raw { $($name,)* }

        impl SyntaxKind {
            fn to_raw(self) -> u16 {
                match self {
                    $(SyntaxKind::$name => Raw::$name as u16,)*
                    SyntaxKind::Sym(s) => SYM_BASE + s as u16,
                }
            }
        }
    };
}

kinds! {
    // Tokens.
    /// Spaces, tabs and line breaks.
    Whitespace,
    /// `# …` to the end of the line.
    Comment,
    /// A name.
    Ident,
    /// An integer literal as written (`1_000`).
    Int,
    /// A floating-point literal as written.
    Float,
    /// `"` opening or closing an ordinary string.
    Quote,
    /// `''` opening or closing an indented string.
    IndQuote,
    /// String text as written, escapes included.
    StrText,
    /// `${` inside a string.
    InterpOpen,
    /// The `}` closing an interpolation.
    InterpClose,
    /// Text the lexer could not read (already reported).
    ErrorToken,

    // Nodes.
    /// The whole file.
    Root,
    /// Text that did not parse, kept as it was written.
    Error,
    /// `1`, `2.5`, `true`, `false`, `null`.
    Literal,
    /// A string literal: delimiters, text and interpolations.
    Str,
    /// `${ expr }` inside a string.
    Interp,
    /// A variable reference.
    Var,
    /// `( expr )`.
    Paren,
    /// `[ a, b ]`.
    List,
    /// `{ a = 1, b }`.
    Record,
    /// `a.b = value` or a punned `a`, inside a record.
    Field,
    /// `a.b.c`: the keys of a field or of `?`.
    KeyPath,
    /// One key: a name, a keyword or a string.
    Key,
    /// `e.a.b`, optionally `or default`.
    Select,
    /// `e ? a.b`.
    Has,
    /// `f x y`: a function and its arguments.
    Apply,
    /// `-x`, `!!x`: prefix operators and their operand.
    Unary,
    /// `a + b - c`: operands joined by operators of one precedence level.
    Binary,
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
    /// `let … in body`.
    Let,
    /// `x = e` or `x : T = e` in a `let`.
    Binding,
    /// `type X = T` in a `let`.
    TypeBinding,
    /// `if c then a else b`.
    If,
    /// `e : T`.
    Annot,
    /// `import "path"`.
    Import,

    // Type nodes.
    /// `m.Service`: a dotted type name.
    TypePath,
    /// `List Int`: a named type applied to arguments.
    TypeApply,
    /// `"duckdb"`: a text tag.
    TypeTag,
    /// `"a" | "b"`.
    TypeUnion,
    /// `"off" < "on"`.
    TypeOrdered,
    /// `T?`.
    TypeOptional,
    /// `{ name : T = default, .. }`.
    TypeRecord,
    /// One field of a record type.
    TypeField,
    /// `final`, `stronger(lower)`, … before a field name.
    FieldMode,
    /// `over enterprise` after a field's type.
    Over,
    /// `A -> B`.
    TypeFunction,
    /// `T where predicate`.
    TypeRefined,
    /// `( T )`.
    TypeParen,
}

/// Raw numbers of symbol kinds start here.
const SYM_BASE: u16 = 1000;

impl SyntaxKind {
    /// Whether the kind is a node of an expression.
    pub fn is_expr(self) -> bool {
        use SyntaxKind::*;
        matches!(
            self,
            Literal
                | Str
                | Var
                | Paren
                | List
                | Record
                | Select
                | Has
                | Apply
                | Unary
                | Binary
                | Lambda
                | Let
                | If
                | Annot
                | Import
        )
    }

    /// Whether the kind is a node of a type (a record type's field is not
    /// one: it holds one).
    pub fn is_type(self) -> bool {
        use SyntaxKind::*;
        matches!(
            self,
            TypePath
                | TypeApply
                | TypeTag
                | TypeUnion
                | TypeOrdered
                | TypeOptional
                | TypeRecord
                | TypeFunction
                | TypeRefined
                | TypeParen
        )
    }

    /// Whether the kind is trivia: white space or a comment.
    pub fn is_trivia(self) -> bool {
        matches!(self, SyntaxKind::Whitespace | SyntaxKind::Comment)
    }

    fn from_raw(raw: u16) -> SyntaxKind {
        let fixed = FIXED.get(usize::from(raw)).copied();
        let sym = raw
            .checked_sub(SYM_BASE)
            .and_then(|i| Sym::ALL.get(usize::from(i)).copied());
        match (fixed, sym) {
            (Some(kind), _) => kind,
            (None, Some(sym)) => SyntaxKind::Sym(sym),
            (None, None) => SyntaxKind::Error,
        }
    }
}

/// The rowan language of Floe's concrete syntax trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Floe {}

impl rowan::Language for Floe {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        SyntaxKind::from_raw(raw.0)
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        rowan::SyntaxKind(kind.to_raw())
    }
}

/// A node of the concrete syntax tree.
pub type SyntaxNode = rowan::SyntaxNode<Floe>;
/// A token of the concrete syntax tree.
pub type SyntaxToken = rowan::SyntaxToken<Floe>;
/// A node or a token.
pub type SyntaxElement = rowan::SyntaxElement<Floe>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_numbers_round_trip() {
        let all = FIXED
            .iter()
            .copied()
            .chain(Sym::ALL.iter().map(|s| SyntaxKind::Sym(*s)));
        for kind in all {
            assert_eq!(SyntaxKind::from_raw(kind.to_raw()), kind);
        }
    }
}
