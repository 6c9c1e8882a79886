//! The parser: a hand-written recursive descent over the lexer's tokens that
//! builds a lossless rowan tree. Every byte of the input ends up in the tree
//! (trivia as tokens, skipped text inside `Error` nodes), and a broken part
//! never takes the rest of the file with it: a group left open is closed at
//! the end of the file, at a closer that belongs to an enclosing group, at a
//! keyword an enclosing `let` or `if` waits for, or where the indentation
//! shows the next line is no longer inside it.
//!
//! See `docs/architecture.md` ("Syntax") for why this is not a chumsky
//! grammar, and `docs/spec.md` ("Grammar") for the EBNF it follows.

mod expr;
mod types;

use rowan::{Checkpoint, GreenNode, GreenNodeBuilder};

use super::kind::SyntaxKind;
use super::lexer::{Comment, LexError, Sym, Token};
use super::{Span, SyntaxError};

/// Deepest nesting of expressions and types the parser builds. Past it, the
/// rest of the file is kept as one `Error` node, which bounds the depth of
/// every tree (and of every pass over one).
pub const MAX_PARSE_DEPTH: usize = 1500;

/// What an enclosing construct waits for, so that an inner group can tell a
/// token that ends it from one that is merely wrong.
#[derive(Clone, Copy, Debug)]
enum Open {
    /// A bracket, by its closer.
    Bracket { close: Sym },
    /// `${`, closed by an interpolation's `}`.
    Interp,
    /// `let` bindings, ended by `in`.
    Let,
    /// An `if` condition or branch, ended by `then` or `else`.
    If(Sym),
}

pub(super) struct Parser<'t, 's> {
    src: &'s str,
    tokens: &'t [(Token<'s>, Span)],
    comments: &'t [Comment],
    pos: usize,
    /// Bytes of the source already in the tree.
    emitted: usize,
    next_comment: usize,
    builder: GreenNodeBuilder<'static>,
    errors: Vec<SyntaxError>,
    opens: Vec<Open>,
    depth: usize,
    /// Nodes open now, and the most ever open: the tree's depth.
    nodes: usize,
    max_nodes: usize,
    /// Set once the depth limit is hit: the rest is one error node.
    stopped: bool,
    /// Set when a string runs to the end of the file: it swallowed every
    /// closer after it, so a missing closer there is no separate mistake.
    runaway: bool,
}

/// The tree of `src` and the errors met building it.
pub(super) fn parse(
    src: &str,
    tokens: &[(Token<'_>, Span)],
    comments: &[Comment],
    lex_errors: &[LexError],
) -> (GreenNode, usize, Vec<SyntaxError>) {
    let mut p = Parser {
        src,
        tokens,
        comments,
        pos: 0,
        emitted: 0,
        next_comment: 0,
        builder: GreenNodeBuilder::new(),
        errors: Vec::new(),
        opens: Vec::new(),
        depth: 0,
        nodes: 0,
        max_nodes: 0,
        stopped: false,
        runaway: lex_errors.iter().any(|e| {
            matches!(
                e,
                LexError::UnterminatedString { .. } | LexError::UnterminatedInterpolation { .. }
            )
        }),
    };
    let too_deep = lex_errors
        .iter()
        .any(|e| matches!(e, LexError::TooDeep { .. }));
    p.builder.start_node(raw(SyntaxKind::Root));
    if !too_deep {
        p.file();
    }
    p.finish_trivia(src.len());
    p.builder.finish_node();
    (p.builder.finish(), p.max_nodes + 1, p.errors)
}

fn raw(kind: SyntaxKind) -> rowan::SyntaxKind {
    <super::kind::Floe as rowan::Language>::kind_to_raw(kind)
}

/// The tree kind of a lexer token.
fn token_kind(token: &Token<'_>) -> SyntaxKind {
    match token {
        Token::Ident(_) => SyntaxKind::Ident,
        Token::Int(_) => SyntaxKind::Int,
        Token::Float(_) => SyntaxKind::Float,
        Token::Quote => SyntaxKind::Quote,
        Token::IndQuote => SyntaxKind::IndQuote,
        Token::StrText(_) => SyntaxKind::StrText,
        Token::InterpOpen => SyntaxKind::InterpOpen,
        Token::InterpClose => SyntaxKind::InterpClose,
        Token::Sym(s) => SyntaxKind::Sym(*s),
        Token::Error => SyntaxKind::ErrorToken,
    }
}

impl<'s> Parser<'_, 's> {
    // --- Looking at tokens -------------------------------------------------

    fn nth(&self, n: usize) -> Option<&Token<'s>> {
        self.tokens.get(self.pos + n).map(|(t, _)| t)
    }

    fn peek(&self) -> Option<&Token<'s>> {
        self.nth(0)
    }

    fn at(&self, sym: Sym) -> bool {
        matches!(self.peek(), Some(Token::Sym(s)) if *s == sym)
    }

    fn nth_at(&self, n: usize, sym: Sym) -> bool {
        matches!(self.nth(n), Some(Token::Sym(s)) if *s == sym)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The current token's span; the end of the file past the last one.
    fn span(&self) -> Span {
        self.tokens
            .get(self.pos)
            .map_or(Span::new(self.src.len(), self.src.len()), |(_, s)| *s)
    }

    /// Whether a line break comes between the previous token and this one.
    fn on_new_line(&self) -> bool {
        let start = self.span().start();
        let prev_end = self.prev_end();
        self.src
            .get(prev_end.min(start)..start)
            .is_some_and(|gap| gap.contains('\n'))
    }

    /// The column of `offset` and the indentation of its line.
    fn column_and_indent(&self, offset: usize) -> (usize, usize) {
        let before = self.src.get(..offset).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = self.src.get(line_start..).unwrap_or("");
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        (offset - line_start, indent)
    }

    // --- Building the tree -------------------------------------------------

    /// Emits the trivia before byte `upto` into the node open now.
    fn finish_trivia(&mut self, upto: usize) {
        while self.emitted < upto {
            let next_comment = self
                .comments
                .get(self.next_comment)
                .filter(|c| c.span.start() < upto);
            match next_comment {
                Some(c) if c.span.start() <= self.emitted => {
                    let span = c.span;
                    self.next_comment += 1;
                    self.text_token(SyntaxKind::Comment, self.emitted, span.end());
                }
                Some(c) => {
                    let start = c.span.start();
                    self.gap(start);
                }
                None => self.gap(upto),
            }
        }
    }

    /// Text between tokens and comments: white space, or (when the lexer
    /// gave up on a too-deep file) code kept as an error token.
    fn gap(&mut self, end: usize) {
        let start = self.emitted;
        let kind = match self.src.get(start..end) {
            Some(t) if t.trim().is_empty() => SyntaxKind::Whitespace,
            _ => SyntaxKind::ErrorToken,
        };
        self.text_token(kind, start, end);
    }

    fn text_token(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        let end = end.max(start);
        let text = self.src.get(start..end).unwrap_or("");
        self.builder.token(raw(kind), text);
        self.emitted = end;
    }

    /// Adds the current token to the tree and moves past it.
    fn bump(&mut self) {
        let Some((token, span)) = self.tokens.get(self.pos) else {
            return;
        };
        let kind = token_kind(token);
        let span = *span;
        self.finish_trivia(span.start());
        self.text_token(kind, span.start(), span.end());
        self.pos += 1;
    }

    fn eat(&mut self, sym: Sym) -> bool {
        let at = self.at(sym);
        if at {
            self.bump();
        }
        at
    }

    fn start(&mut self, kind: SyntaxKind) {
        if let Some((_, span)) = self.tokens.get(self.pos) {
            self.finish_trivia(span.start());
        }
        self.opened();
        self.builder.start_node(raw(kind));
    }

    fn opened(&mut self) {
        self.nodes += 1;
        self.max_nodes = self.max_nodes.max(self.nodes);
    }

    fn finish(&mut self) {
        self.nodes = self.nodes.saturating_sub(1);
        self.builder.finish_node();
    }

    fn checkpoint(&mut self) -> Checkpoint {
        if let Some((_, span)) = self.tokens.get(self.pos) {
            self.finish_trivia(span.start());
        }
        self.builder.checkpoint()
    }

    fn start_at(&mut self, at: Checkpoint, kind: SyntaxKind) {
        self.opened();
        self.builder.start_node_at(at, raw(kind));
    }

    // --- Errors ------------------------------------------------------------

    fn push_error(&mut self, error: SyntaxError) {
        if self.stopped {
            return;
        }
        // One error per place: what follows a mistake at the same token is
        // the same mistake seen again.
        let start = error_start(&error);
        if self.errors.last().is_some_and(|e| error_start(e) == start) {
            return;
        }
        self.errors.push(error);
    }

    /// Reports the current token as not one of `expected`.
    fn expected(&mut self, expected: &[&str]) {
        self.expected_unclosed(expected, None);
    }

    fn expected_unclosed(&mut self, expected: &[&str], unclosed: Option<Span>) {
        let found = self.peek().cloned();
        // The lexer has already reported what it could not read.
        if matches!(found, Some(Token::Error)) {
            return;
        }
        if self.runaway && (found.is_none() || self.span().start() >= self.src.len()) {
            return;
        }
        let mut words: Vec<String> = expected.iter().map(|w| (*w).to_string()).collect();
        words.sort();
        words.dedup();
        let found_sym = match found {
            Some(Token::Sym(s)) => Some(s),
            _ => None,
        };
        self.push_error(SyntaxError::Unexpected {
            span: self.span(),
            found: found.as_ref().map(|t| t.to_string()),
            expected: words,
            unclosed,
            found_sym,
        });
    }

    /// Whether an error has been reported at the current token: a group
    /// closed here for want of its closer, say.
    fn reported_here(&self) -> bool {
        let start = self.span().start();
        self.errors.last().is_some_and(|e| error_start(e) == start)
    }

    /// Whether the tokens ahead are `key.key = `: the start of a record
    /// field or `let` binding, which no expression continues into.
    pub(super) fn at_field_start(&self) -> bool {
        let mut n = 0;
        loop {
            let key = match self.nth(n) {
                Some(Token::Ident(_)) => true,
                Some(Token::Sym(s)) => s.is_keyword(),
                _ => false,
            };
            if !key {
                return false;
            }
            n += 1;
            if self.nth_at(n, Sym::Assign) {
                return true;
            }
            if !self.nth_at(n, Sym::Dot) {
                return false;
            }
            n += 1;
        }
    }

    fn invalid(&mut self, span: Span, message: &str) {
        self.push_error(SyntaxError::Invalid {
            span,
            message: message.to_string(),
        });
    }

    // --- Recovery ----------------------------------------------------------

    /// Whether the current token ends something that encloses the innermost
    /// open construct: the innermost construct must stop here.
    fn outer_wants(&self) -> bool {
        let Some(token) = self.peek() else {
            return true;
        };
        let inner = self.opens.len().saturating_sub(1);
        if matches!(self.opens.last(), Some(Open::Interp)) {
            return false;
        }
        visible(self.opens.get(..inner).unwrap_or(&[])).any(|open| wants(*open, token))
    }

    /// Whether the current token ends any open construct.
    fn any_wants(&self) -> bool {
        match self.peek() {
            None => true,
            Some(token) => visible(&self.opens).any(|open| wants(*open, token)),
        }
    }

    /// Whether the group opened at `indent` is over by layout: the current
    /// token starts a line at or left of the line that opened it.
    fn layout_ends(&self, indent: usize) -> bool {
        if !self.on_new_line() {
            return false;
        }
        let (column, _) = self.column_and_indent(self.span().start());
        column <= indent
    }

    /// Skips tokens, brackets balanced, up to one of `stops` at depth zero
    /// or a token an enclosing construct waits for; they go into an `Error`
    /// node. Returns whether anything was skipped.
    fn skip_to(&mut self, stops: &[Sym]) -> bool {
        // The closers of the groups skipped into, innermost last.
        let mut closers: Vec<Option<Sym>> = Vec::new();
        let mut skipped = false;
        while let Some(token) = self.peek() {
            if closers.is_empty()
                && (matches!(token, Token::Sym(s) if stops.contains(s)) || self.any_wants())
            {
                break;
            }
            match token {
                Token::Sym(Sym::LParen) => closers.push(Some(Sym::RParen)),
                Token::Sym(Sym::LBracket) => closers.push(Some(Sym::RBracket)),
                Token::Sym(Sym::LBrace) => closers.push(Some(Sym::RBrace)),
                Token::InterpOpen => closers.push(None),
                Token::Sym(s @ (Sym::RParen | Sym::RBracket | Sym::RBrace)) => {
                    let s = *s;
                    match closers.last() {
                        None => break,
                        Some(want) if *want == Some(s) => {
                            closers.pop();
                        }
                        // A closer that matches no skipped opener but ends
                        // something open around: stop there.
                        Some(_) if self.any_wants() => break,
                        Some(_) => {
                            closers.pop();
                        }
                    }
                }
                Token::InterpClose if closers.pop().is_none() => break,
                _ => {}
            }
            if !skipped {
                self.start(SyntaxKind::Error);
                skipped = true;
            }
            self.bump();
        }
        if skipped {
            self.finish();
        }
        skipped
    }

    /// Whether a `,` or `;` here separates the elements of a list, record
    /// or `let` around the innermost construct.
    pub(super) fn separates_outer(&self) -> bool {
        if !(self.at(Sym::Comma) || self.at(Sym::Semicolon)) {
            return false;
        }
        let inner = self.opens.len().saturating_sub(1);
        visible(self.opens.get(..inner).unwrap_or(&[])).any(|open| {
            matches!(
                open,
                Open::Let
                    | Open::Bracket {
                        close: Sym::RBracket | Sym::RBrace
                    }
            )
        })
    }

    /// Puts the current token alone into an `Error` node.
    fn bump_error(&mut self) {
        self.start(SyntaxKind::Error);
        self.bump();
        self.finish();
    }

    /// Enters one level of nesting; false once past [`MAX_PARSE_DEPTH`],
    /// after the rest of the file has gone into one `Error` node.
    fn enter(&mut self) -> bool {
        if self.stopped {
            return false;
        }
        self.depth += 1;
        if self.depth <= MAX_PARSE_DEPTH {
            return true;
        }
        self.depth -= 1;
        self.push_error(SyntaxError::TooDeep { span: self.span() });
        self.stopped = true;
        self.start(SyntaxKind::Error);
        while !self.at_end() {
            self.bump();
        }
        self.finish();
        false
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // --- The file ----------------------------------------------------------

    fn file(&mut self) {
        if self.at_end() {
            self.expected(&["expression"]);
            return;
        }
        self.expr();
        if !self.at_end() && !self.stopped {
            self.expected(&["end of file", "operator"]);
            self.start(SyntaxKind::Error);
            while !self.at_end() {
                self.bump();
            }
            self.finish();
        }
    }

    /// A comma-separated group from `open` to `close`: `item` parses one
    /// element and returns false when nothing there could start one.
    /// `starts` tells whether the current token can start an element.
    fn group(
        &mut self,
        kind: SyntaxKind,
        close: Sym,
        what: &[&str],
        starts: fn(&Self) -> bool,
        item: fn(&mut Self, &mut Rest),
    ) {
        self.start(kind);
        let at = self.span();
        let (_, indent) = self.column_and_indent(at.start());
        self.bump();
        self.opens.push(Open::Bracket { close });
        let closer = format!("`{}`", close.text());
        let mut expected: Vec<&str> = what.to_vec();
        expected.push(&closer);
        let separators = ["`,`", closer.as_str()];
        let mut rest = Rest(None);
        // Whether an element has just ended without a separator after it.
        let mut need_separator = false;
        loop {
            if self.eat(close) {
                break;
            }
            // `name =` starts a field or binding of something around a
            // list, never an element of it.
            let ends_list = kind == SyntaxKind::List && self.at_field_start();
            if self.at_end() || self.outer_wants() || self.stopped || ends_list {
                // Before `name =` only the closer would have kept the list
                // whole: the name is an expression, but not one of its.
                let closer_only = [closer.as_str()];
                let words: &[&str] = if ends_list && !need_separator {
                    &closer_only
                } else if need_separator {
                    &separators
                } else {
                    &expected
                };
                self.expected_unclosed(words, Some(at));
                break;
            }
            if need_separator {
                // The next line starts at or left of the opening line: the
                // group was never closed, and that line is not in it.
                if self.layout_ends(indent) {
                    self.expected_unclosed(&separators, Some(at));
                    break;
                }
                self.expected(&separators);
                if (self.on_new_line() || self.reported_here()) && starts(self) {
                    // A missing comma before an element on its own line.
                    need_separator = false;
                    continue;
                }
                let stuck = !self.skip_to(&[Sym::Comma, Sym::Semicolon, close])
                    && !self.at(Sym::Comma)
                    && !self.at(Sym::Semicolon)
                    && !self.at(close)
                    && !self.outer_wants();
                if stuck {
                    self.bump_error();
                }
                need_separator = self.separator().is_none();
                continue;
            }
            if starts(self) {
                item(self, &mut rest);
            } else {
                self.expected(&expected);
                if !self.at(Sym::Comma)
                    && !self.at(Sym::Semicolon)
                    && !self.skip_to(&[Sym::Comma, Sym::Semicolon, close])
                {
                    self.bump_error();
                }
            }
            need_separator = self.separator().is_none();
        }
        self.opens.pop();
        self.finish();
    }

    /// `,`, or `;` reported as a mistake but accepted, so that a file written
    /// with Nix's separators gets one clear error per `;` and no cascade.
    fn separator(&mut self) -> Option<()> {
        if self.eat(Sym::Comma) {
            return Some(());
        }
        if self.at(Sym::Semicolon) {
            let span = self.span();
            self.invalid(
                span,
                "Floe separates fields, list items and `let` bindings with `,`, not `;`",
            );
            self.bump();
            return Some(());
        }
        None
    }
}

/// The open constructs a token inside the innermost interpolation can end:
/// those up to and including that `${`, not the ones around its string.
fn visible(opens: &[Open]) -> impl Iterator<Item = &Open> {
    let barrier = opens
        .iter()
        .rposition(|o| matches!(o, Open::Interp))
        .unwrap_or(0);
    opens.get(barrier..).unwrap_or(&[]).iter().rev()
}

/// Where a group's `..` was written, so that an element after it is
/// reported.
pub(super) struct Rest(Option<Span>);

/// Whether `token` ends the construct `open`.
fn wants(open: Open, token: &Token<'_>) -> bool {
    match (open, token) {
        (Open::Bracket { close, .. }, Token::Sym(s)) => *s == close,
        (Open::Interp, Token::InterpClose) => true,
        (Open::Let, Token::Sym(Sym::In)) => true,
        (Open::If(want), Token::Sym(s)) => *s == want,
        _ => false,
    }
}

/// Where an error starts, for ordering.
pub(super) fn error_start(e: &SyntaxError) -> usize {
    match e {
        SyntaxError::Lex(
            LexError::UnexpectedChar { span, .. }
            | LexError::InvalidEscape { span }
            | LexError::IntegerTooLarge { span }
            | LexError::TooDeep { span }
            | LexError::UnterminatedString { open: span }
            | LexError::UnterminatedInterpolation { open: span },
        ) => span.start(),
        SyntaxError::Unexpected { span, .. }
        | SyntaxError::Invalid { span, .. }
        | SyntaxError::TooDeep { span } => span.start(),
    }
}
