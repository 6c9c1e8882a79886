//! A read-only walk over a green tree that keeps absolute positions, for
//! passes that visit every node once (building the abstract tree): unlike
//! rowan's red nodes it allocates nothing.

use rowan::{GreenNodeData, GreenTokenData, Language, NodeOrToken};

use super::kind::{Floe, SyntaxKind};
use super::Span;

/// A node and where it starts.
#[derive(Clone, Copy)]
pub(super) struct Node<'a> {
    green: &'a GreenNodeData,
    start: u32,
}

/// A token and where it starts.
#[derive(Clone, Copy)]
pub(super) struct Token<'a> {
    green: &'a GreenTokenData,
    start: u32,
}

/// A node or a token.
pub(super) type Element<'a> = NodeOrToken<Node<'a>, Token<'a>>;

/// The kind of an element.
pub(super) trait Kind {
    fn kind(&self) -> SyntaxKind;
}

impl Kind for Element<'_> {
    fn kind(&self) -> SyntaxKind {
        match self {
            NodeOrToken::Node(n) => n.kind(),
            NodeOrToken::Token(t) => t.kind(),
        }
    }
}

fn span(start: u32, len: rowan::TextSize) -> Span {
    rowan::TextRange::at(start.into(), len).into()
}

impl<'a> Node<'a> {
    /// The root of a tree.
    pub(super) fn root(green: &'a GreenNodeData) -> Node<'a> {
        Node { green, start: 0 }
    }

    pub(super) fn kind(&self) -> SyntaxKind {
        Floe::kind_from_raw(self.green.kind())
    }

    pub(super) fn span(&self) -> Span {
        span(self.start, self.green.text_len())
    }

    /// Child nodes and tokens, trivia included, in order.
    pub(super) fn children_with_tokens(&self) -> impl Iterator<Item = Element<'a>> + 'a {
        let mut offset = self.start;
        self.green.children().map(move |child| {
            let start = offset;
            offset = offset.saturating_add(u32::from(child.text_len()));
            match child {
                NodeOrToken::Node(green) => NodeOrToken::Node(Node { green, start }),
                NodeOrToken::Token(green) => NodeOrToken::Token(Token { green, start }),
            }
        })
    }

    /// Child nodes, in order.
    pub(super) fn children(&self) -> impl Iterator<Item = Node<'a>> + 'a {
        self.children_with_tokens().filter_map(Element::into_node)
    }

    /// The first token inside the node, at any depth.
    pub(super) fn first_token(&self) -> Option<Token<'a>> {
        self.children_with_tokens().find_map(|child| match child {
            NodeOrToken::Token(t) => Some(t),
            NodeOrToken::Node(n) => n.first_token(),
        })
    }
}

impl<'a> Token<'a> {
    pub(super) fn kind(&self) -> SyntaxKind {
        Floe::kind_from_raw(self.green.kind())
    }

    pub(super) fn text(&self) -> &'a str {
        self.green.text()
    }

    pub(super) fn span(&self) -> Span {
        span(self.start, self.green.text_len())
    }
}
