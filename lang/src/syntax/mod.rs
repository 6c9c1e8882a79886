//! Syntax: tokens, the tree, and the parser that turns text into a tree plus
//! every error it met. Parsing never fails; broken parts become
//! [`ast::ExprKind::Error`] nodes so that the rest of the file is analysed.

pub mod anchor;
pub mod ast;
mod grammar;
mod green;
pub mod kind;
pub mod lexer;
mod to_ast;
pub mod views;

pub use grammar::MAX_PARSE_DEPTH;

/// Largest text a span can reach, and so the largest file any limit
/// allows: spans are 32-bit byte offsets.
pub const MAX_SPAN_BYTES: u64 = u32::MAX as u64;
pub use kind::{SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken};
use lexer::{LexError, Sym};

/// A byte range in one file. Byte offsets are what ariadne and the language
/// server's line index both start from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets; clamped to 4 GiB, which
    /// the loader never exceeds).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The first byte.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The byte range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<rowan::TextRange> for Span {
    fn from(range: rowan::TextRange) -> Span {
        Span::new(
            u32::from(range.start()) as usize,
            u32::from(range.end()) as usize,
        )
    }
}

/// A syntax error, as plain facts; [`crate::diagnostics`] words it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxError {
    /// A problem found by the lexer.
    Lex(LexError),
    /// A token the grammar does not allow here.
    Unexpected {
        /// Where.
        span: Span,
        /// What was found (`None`: end of file).
        found: Option<String>,
        /// What would have been accepted, already worded.
        expected: Vec<String>,
        /// The bracket left open, when the file ended inside it.
        unclosed: Option<Span>,
        /// A found token that usually means a known mistake.
        found_sym: Option<Sym>,
    },
    /// Expressions or types nested past [`MAX_PARSE_DEPTH`].
    TooDeep {
        /// Where the limit was reached.
        span: Span,
    },
    /// A grammar rule with its own message (`or` without a field access, …).
    Invalid {
        /// Where.
        span: Span,
        /// What is wrong.
        message: String,
    },
}

/// A concrete syntax tree: every byte of the file, trivia included.
///
/// Dropping a tree recurses once per level, so a tree is dropped on a stack
/// grown to its depth: a tree kept by the database may be freed anywhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tree {
    green: Option<rowan::GreenNode>,
    depth: u32,
}

impl Tree {
    /// The root node, to walk the tree.
    pub fn root(&self) -> SyntaxNode {
        match &self.green {
            Some(green) => SyntaxNode::new_root(green.clone()),
            None => SyntaxNode::new_root(rowan::GreenNode::new(
                <kind::Floe as rowan::Language>::kind_to_raw(SyntaxKind::Root),
                std::iter::empty(),
            )),
        }
    }

    /// The abstract tree, built by walking the green nodes directly.
    fn ast(&self) -> ast::Expr {
        match &self.green {
            Some(green) => to_ast::file(&green::Node::root(green)),
            None => ast::Expr {
                span: Span::default(),
                kind: ast::ExprKind::Error,
            },
        }
    }

    /// The deepest nesting of nodes.
    pub fn depth(&self) -> usize {
        self.depth as usize
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        if let Some(green) = self.green.take() {
            // Only the last handle frees the nodes, but any handle may be it.
            let need = (self.depth as usize).saturating_mul(2048).max(64 * 1024);
            stacker::maybe_grow(need, need, move || drop(green));
        }
    }
}

/// What the `parse` query keeps of a file: the concrete tree, its comments
/// and its syntax errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    /// The concrete tree, lossless.
    pub tree: Tree,
    /// Comments, in source order.
    pub comments: Vec<lexer::Comment>,
    /// Every syntax error, in source order.
    pub errors: Vec<SyntaxError>,
    /// The token boundaries, to name places by tokens rather than bytes.
    pub anchors: std::sync::Arc<anchor::Anchors>,
}

impl Parse {
    /// Parses `src`.
    pub fn of(src: &str) -> Parse {
        let lexed = lexer::lex(src);
        let anchors = std::sync::Arc::new(anchor::Anchors::of(&lexed.tokens, src.len()));
        let (green, depth, parse_errors) =
            grammar::parse(src, &lexed.tokens, &lexed.comments, &lexed.errors);
        let mut errors: Vec<SyntaxError> = lexed.errors.into_iter().map(SyntaxError::Lex).collect();
        errors.extend(parse_errors);
        errors.sort_by_key(grammar::error_start);
        errors.dedup();
        let tree = Tree {
            green: Some(green),
            depth: u32::try_from(depth).unwrap_or(u32::MAX),
        };
        Parse {
            tree,
            comments: lexed.comments,
            errors,
            anchors,
        }
    }

    /// The abstract tree the rest of the compiler reads.
    pub fn ast(&self) -> ast::Expr {
        self.tree.ast()
    }
}

/// The text of an indented string literal from its raw text, dedented and
/// unescaped as the parser does.
pub fn indented_text(raw: &str) -> String {
    to_ast::dedent(vec![(Some(raw), None)])
        .into_iter()
        .filter_map(|part| match part {
            ast::StrPart::Text(t) => Some(t),
            ast::StrPart::Interp(_) => None,
        })
        .collect()
}

/// The concrete tree as indented text, one node or token per line with its
/// byte range: what parse fixtures snapshot.
pub fn debug_tree(node: &SyntaxNode) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut depth = 0usize;
    for event in node.preorder_with_tokens() {
        match event {
            rowan::WalkEvent::Enter(element) => {
                let range = element.text_range();
                let pad = "  ".repeat(depth);
                let at = format!("{}..{}", u32::from(range.start()), u32::from(range.end()));
                match element {
                    rowan::NodeOrToken::Node(n) => {
                        let _ = writeln!(out, "{pad}{:?}@{at}", n.kind());
                        depth += 1;
                    }
                    rowan::NodeOrToken::Token(t) => {
                        let _ = writeln!(out, "{pad}{:?}@{at} {:?}", t.kind(), t.text());
                    }
                }
            }
            rowan::WalkEvent::Leave(rowan::NodeOrToken::Node(_)) => depth -= 1,
            rowan::WalkEvent::Leave(rowan::NodeOrToken::Token(_)) => {}
        }
    }
    out
}
