//! Expressions: the precedence levels, application, selection, literals,
//! records, lists, lambdas, `let` and `if`.

use super::{Open, Parser, Rest};
use crate::syntax::kind::SyntaxKind;
use crate::syntax::lexer::{Sym, Token};
use crate::syntax::Span;

/// Infix operators by precedence level, loosest first. Every level is
/// left-associative, except comparisons, which do not chain.
const LEVELS: &[&[Sym]] = &[
    &[Sym::Pipe],
    &[Sym::OrOr],
    &[Sym::AndAnd],
    &[Sym::EqEq, Sym::NotEq, Sym::Lt, Sym::Le, Sym::Gt, Sym::Ge],
    &[Sym::SlashSlash, Sym::Amp, Sym::Extends],
    &[Sym::PlusPlus],
    &[Sym::Plus, Sym::Minus],
    &[Sym::Star, Sym::Slash, Sym::Percent],
];

/// The level of the comparisons, which take one operator at most.
const COMPARE: usize = 3;

/// Whether `token` can start an expression.
pub(super) fn starts_expr(token: Option<&Token<'_>>) -> bool {
    starts_atom(token)
        || matches!(
            token,
            Some(Token::Sym(
                Sym::Backslash | Sym::Let | Sym::If | Sym::Minus | Sym::Bang
            ))
        )
}

/// Whether `token` can start an argument of an application.
fn starts_atom(token: Option<&Token<'_>>) -> bool {
    matches!(
        token,
        Some(
            Token::Int(_)
                | Token::Float(_)
                | Token::Ident(_)
                | Token::Quote
                | Token::IndQuote
                | Token::Sym(
                    Sym::True
                        | Sym::False
                        | Sym::Null
                        | Sym::Import
                        | Sym::LBracket
                        | Sym::LBrace
                        | Sym::LParen
                )
        )
    )
}

/// Whether `token` can start a record key.
pub(super) fn starts_key(token: Option<&Token<'_>>) -> bool {
    match token {
        Some(Token::Ident(_) | Token::Quote | Token::IndQuote) => true,
        Some(Token::Sym(s)) => s.is_keyword(),
        _ => false,
    }
}

/// Tokens an expression never swallows when it cannot start there: they end
/// something around it.
pub(super) fn is_stop(token: Option<&Token<'_>>) -> bool {
    matches!(
        token,
        None | Some(
            Token::InterpClose
                | Token::Sym(
                    Sym::RParen
                        | Sym::RBracket
                        | Sym::RBrace
                        | Sym::Comma
                        | Sym::Semicolon
                        | Sym::In
                        | Sym::Then
                        | Sym::Else
                )
        )
    )
}

impl Parser<'_, '_> {
    /// One expression (with its stack grown as it nests).
    pub(super) fn expr(&mut self) {
        if !self.enter() {
            return;
        }
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner());
        self.leave();
    }

    fn expr_inner(&mut self) {
        match self.peek() {
            Some(Token::Sym(Sym::Backslash)) => self.lambda(),
            Some(Token::Sym(Sym::Let)) => self.let_(),
            Some(Token::Sym(Sym::If)) => self.if_(),
            _ => {
                let at = self.checkpoint();
                if self.binary(0) && self.at(Sym::Colon) {
                    self.start_at(at, SyntaxKind::Annot);
                    self.bump();
                    self.ty();
                    self.finish();
                }
            }
        }
    }

    /// Reports a missing expression; swallows the token unless it ends
    /// something around.
    fn missing_expr(&mut self) {
        self.expected(&["expression"]);
        if !is_stop(self.peek()) && !self.any_wants() {
            self.bump_error();
        }
    }

    /// Operands joined by the operators of `level` and tighter. False when
    /// not even one operand was there.
    fn binary(&mut self, level: usize) -> bool {
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let at = self.checkpoint();
        if !self.binary(level + 1) {
            return false;
        }
        let at_op = |p: &Self| ops.iter().any(|s| p.at(*s));
        if !at_op(self) {
            return true;
        }
        self.start_at(at, SyntaxKind::Binary);
        loop {
            self.bump();
            let operand = starts_atom(self.peek()) || self.at(Sym::Minus) || self.at(Sym::Bang);
            if !operand {
                // `a + \x -> x` and `a + let …` need parentheses.
                self.missing_expr();
                break;
            }
            self.binary(level + 1);
            if level == COMPARE || !at_op(self) {
                break;
            }
        }
        self.finish();
        true
    }

    fn unary(&mut self) -> bool {
        if !(self.at(Sym::Minus) || self.at(Sym::Bang)) {
            return self.has();
        }
        self.start(SyntaxKind::Unary);
        while self.at(Sym::Minus) || self.at(Sym::Bang) {
            self.bump();
        }
        // A missing operand has been reported by `has`.
        self.has();
        self.finish();
        true
    }

    /// `e ? a.b`.
    fn has(&mut self) -> bool {
        let at = self.checkpoint();
        if !self.application() {
            return false;
        }
        if self.at(Sym::Question) {
            self.start_at(at, SyntaxKind::Has);
            self.bump();
            self.key_path();
            self.finish();
        }
        true
    }

    fn application(&mut self) -> bool {
        let at = self.checkpoint();
        if !self.postfix() {
            return false;
        }
        let argument = |p: &Self| starts_atom(p.peek()) && !p.stopped && !p.at_field_start();
        if argument(self) {
            self.start_at(at, SyntaxKind::Apply);
            while argument(self) {
                self.postfix();
            }
            self.finish();
        }
        true
    }

    /// `e.a.b`, `e.a.b or default`.
    fn postfix(&mut self) -> bool {
        let start = self.span().start();
        let at = self.checkpoint();
        if !self.atom() {
            return false;
        }
        let selects = self.at(Sym::Dot);
        if selects {
            self.start_at(at, SyntaxKind::Select);
            self.select_keys();
        }
        if self.at(Sym::Or) {
            if !selects {
                self.start_at(at, SyntaxKind::Error);
            }
            self.bump();
            let default = self.checkpoint();
            if self.atom() && self.at(Sym::Dot) {
                self.start_at(default, SyntaxKind::Select);
                self.select_keys();
                self.finish();
            }
            if !selects {
                self.finish();
                let span = Span::new(start, self.prev_end());
                self.invalid(
                    span,
                    "`or` gives a default to a field access, as in `r.port or 80`",
                );
            }
        }
        if selects {
            self.finish();
        }
        true
    }

    fn select_keys(&mut self) {
        while self.eat(Sym::Dot) {
            if !self.key() {
                self.expected(&["field name"]);
                break;
            }
        }
    }

    /// The end of the last token in the tree.
    pub(super) fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |(_, s)| s.end())
    }

    fn atom(&mut self) -> bool {
        match self.peek() {
            Some(
                Token::Int(_) | Token::Float(_) | Token::Sym(Sym::True | Sym::False | Sym::Null),
            ) => {
                self.start(SyntaxKind::Literal);
                self.bump();
                self.finish();
            }
            Some(Token::Ident(_)) => {
                self.start(SyntaxKind::Var);
                self.bump();
                self.finish();
            }
            Some(Token::Quote | Token::IndQuote) => {
                self.string();
            }
            Some(Token::Sym(Sym::Import)) => self.import(),
            Some(Token::Sym(Sym::LBracket)) => self.group(
                SyntaxKind::List,
                Sym::RBracket,
                &["expression"],
                |p| starts_expr(p.peek()),
                |p, _| p.expr(),
            ),
            Some(Token::Sym(Sym::LBrace)) => self.group(
                SyntaxKind::Record,
                Sym::RBrace,
                &["field name"],
                |p| starts_key(p.peek()),
                |p, _| p.field(),
            ),
            Some(Token::Sym(Sym::LParen)) => self.paren(SyntaxKind::Paren, |p| p.expr()),
            _ => {
                self.missing_expr();
                return false;
            }
        }
        true
    }

    /// `( inner )`, closed where an enclosing construct ends if the `)` is
    /// missing.
    pub(super) fn paren(&mut self, kind: SyntaxKind, inner: fn(&mut Self)) {
        self.start(kind);
        let at = self.span();

        self.bump();
        self.opens.push(Open::Bracket { close: Sym::RParen });
        inner(self);
        self.close_paren(at);
        self.opens.pop();
        self.finish();
    }

    /// Expects the `)` of the parenthesis opened at `at`.
    pub(super) fn close_paren(&mut self, at: Span) {
        if self.eat(Sym::RParen) {
            return;
        }
        let ends = self.at_end()
            || self.outer_wants()
            || self.stopped
            || self.at_field_start()
            || self.separates_outer();
        if ends {
            self.expected_unclosed(&["`)`", "operator"], Some(at));
            return;
        }
        self.expected(&["`)`", "operator"]);
        self.skip_to(&[Sym::RParen]);
        if !(self.eat(Sym::RParen) || self.at_end() || self.outer_wants()) {
            self.bump_error();
        }
    }

    /// A string literal; true when it has an interpolation.
    pub(super) fn string(&mut self) -> bool {
        self.start(SyntaxKind::Str);
        let close = self.peek().cloned();
        self.bump();
        let mut interpolated = false;
        loop {
            match self.peek() {
                Some(Token::StrText(_)) => self.bump(),
                Some(Token::InterpOpen) => {
                    interpolated = true;
                    self.interp();
                }
                Some(t) if Some(t) == close.as_ref() => {
                    self.bump();
                    break;
                }
                _ => break,
            }
        }
        self.finish();
        interpolated
    }

    fn interp(&mut self) {
        self.start(SyntaxKind::Interp);
        self.bump();
        self.opens.push(Open::Interp);
        self.expr();
        if !matches!(self.peek(), Some(Token::InterpClose)) && !self.stopped {
            self.expected(&["`}`", "operator"]);
            // The lexer closes every interpolation it opens, so its `}` is
            // ahead; everything up to it belongs to this one.
            let mut depth = 0usize;
            self.start(SyntaxKind::Error);
            while let Some(token) = self.peek() {
                match token {
                    Token::InterpOpen => depth += 1,
                    Token::InterpClose if depth == 0 => break,
                    Token::InterpClose => depth -= 1,
                    _ => {}
                }
                self.bump();
            }
            self.finish();
        }
        if matches!(self.peek(), Some(Token::InterpClose)) {
            self.bump();
        }
        self.opens.pop();
        self.finish();
    }

    fn import(&mut self) {
        self.start(SyntaxKind::Import);
        self.bump();
        if matches!(self.peek(), Some(Token::Quote | Token::IndQuote)) {
            let start = self.span().start();
            if self.string() {
                let span = Span::new(start, self.prev_end());
                self.invalid(
                    span,
                    "an import path must be a plain string, without interpolation",
                );
            }
        } else {
            self.expected(&["string"]);
        }
        self.finish();
    }

    /// A record key; false (nothing consumed) when there is none.
    pub(super) fn key(&mut self) -> bool {
        match self.peek() {
            Some(Token::Ident(_)) => {}
            Some(Token::Sym(s)) if s.is_keyword() => {}
            Some(Token::Quote | Token::IndQuote) => {
                self.start(SyntaxKind::Key);
                let start = self.span().start();
                if self.string() {
                    let span = Span::new(start, self.prev_end());
                    self.invalid(span, "a field name cannot contain an interpolation");
                }
                self.finish();
                return true;
            }
            _ => return false,
        }
        self.start(SyntaxKind::Key);
        self.bump();
        self.finish();
        true
    }

    /// `a.b.c`; returns how many keys it has.
    fn key_path(&mut self) -> usize {
        self.start(SyntaxKind::KeyPath);
        let mut keys = 0;
        if self.key() {
            keys += 1;
            while self.eat(Sym::Dot) {
                if !self.key() {
                    self.expected(&["field name"]);
                    break;
                }
                keys += 1;
            }
        } else {
            self.expected(&["field name"]);
        }
        self.finish();
        keys
    }

    /// `a.b = value`, or a punned `a`.
    fn field(&mut self) {
        self.start(SyntaxKind::Field);
        let start = self.span().start();
        let keys = self.key_path();
        if self.eat(Sym::Assign) {
            self.expr();
        } else if !(self.at(Sym::Comma)
            || self.at(Sym::Semicolon)
            || self.at(Sym::RBrace)
            || self.at_end()
            || self.outer_wants())
        {
            self.expected(&["`=`", "`.`", "`,`", "`}`"]);
        } else if keys > 1 {
            let span = Span::new(start, self.prev_end());
            self.invalid(span, "a field without `=` must be a single name");
        }
        self.finish();
    }

    fn lambda(&mut self) {
        self.start(SyntaxKind::Lambda);
        self.bump();
        let mut params = 0;
        loop {
            match self.peek() {
                Some(Token::Ident(_)) => {
                    self.start(SyntaxKind::ParamName);
                    self.bump();
                    self.finish();
                }
                Some(Token::Sym(Sym::LParen)) => self.paren(SyntaxKind::ParamTyped, |p| {
                    if matches!(p.peek(), Some(Token::Ident(_))) {
                        p.bump();
                    } else {
                        p.expected(&["name"]);
                    }
                    if p.eat(Sym::Colon) {
                        p.ty();
                    } else {
                        p.expected(&["`:`"]);
                    }
                }),
                Some(Token::Sym(Sym::LBrace)) => {
                    self.group(
                        SyntaxKind::Pattern,
                        Sym::RBrace,
                        &["name", "`..`"],
                        |p| matches!(p.peek(), Some(Token::Ident(_) | Token::Sym(Sym::DotDot))),
                        |p, rest| p.pattern_field(rest, "`..` must come last in a record pattern"),
                    );
                    if self.eat(Sym::At) {
                        if matches!(self.peek(), Some(Token::Ident(_))) {
                            self.bump();
                        } else {
                            self.expected(&["name"]);
                        }
                    }
                }
                _ => break,
            }
            params += 1;
        }
        if self.eat(Sym::Arrow) {
            self.expr();
        } else if params == 0 {
            self.expected(&["parameter"]);
        } else {
            self.expected(&["`->`", "parameter"]);
        }
        self.finish();
    }

    /// One field of a record pattern, or its `..`.
    fn pattern_field(&mut self, rest: &mut Rest, after_rest: &str) {
        if rest.0.is_some() {
            let span = self.span();
            self.invalid(span, after_rest);
        }
        if self.at(Sym::DotDot) {
            rest.0 = Some(self.span());
            self.bump();
            return;
        }
        self.start(SyntaxKind::PatField);
        self.bump();
        if self.eat(Sym::Colon) {
            self.ty();
        }
        if self.eat(Sym::Assign) {
            self.expr();
        }
        self.finish();
    }

    fn let_(&mut self) {
        self.start(SyntaxKind::Let);
        self.bump();
        self.opens.push(Open::Let);
        loop {
            if self.at(Sym::In) || self.at_end() || self.outer_wants() || self.stopped {
                break;
            }
            match self.peek() {
                Some(Token::Sym(Sym::Type)) => self.type_binding(),
                Some(Token::Ident(_)) => self.binding(),
                _ => {
                    self.expected(&["name", "keyword `in`"]);
                    if !self.skip_to(&[Sym::Comma, Sym::Semicolon]) && !self.at(Sym::Comma) {
                        self.bump_error();
                    }
                }
            }
            if self.separator().is_some() {
                continue;
            }
            if self.at(Sym::In) || self.at_end() || self.outer_wants() || self.stopped {
                break;
            }
            self.expected(&["`,`", "keyword `in`"]);
            let next_binding = (self.on_new_line() || self.reported_here())
                && matches!(self.peek(), Some(Token::Ident(_) | Token::Sym(Sym::Type)));
            if !next_binding {
                self.skip_to(&[Sym::Comma, Sym::Semicolon]);
                self.separator();
            }
        }
        self.opens.pop();
        if self.eat(Sym::In) {
            self.expr();
        } else if !self.stopped {
            self.expected(&["`,`", "keyword `in`"]);
        }
        self.finish();
    }

    fn binding(&mut self) {
        self.start(SyntaxKind::Binding);
        self.bump();
        if self.eat(Sym::Colon) {
            self.ty();
        }
        if self.eat(Sym::Assign) {
            self.expr();
        } else {
            self.expected(&["`=`", "`:`"]);
        }
        self.finish();
    }

    fn type_binding(&mut self) {
        self.start(SyntaxKind::TypeBinding);
        self.bump();
        if matches!(self.peek(), Some(Token::Ident(_))) {
            self.bump();
        } else {
            self.expected(&["name"]);
        }
        if self.eat(Sym::Assign) {
            self.ty();
        } else {
            self.expected(&["`=`"]);
        }
        self.finish();
    }

    fn if_(&mut self) {
        self.start(SyntaxKind::If);
        self.bump();
        self.opens.push(Open::If(Sym::Then));
        self.expr();
        self.opens.pop();
        if !self.eat(Sym::Then) {
            self.expected(&["keyword `then`", "operator"]);
            if self.at_end() || self.outer_wants() || self.stopped {
                self.finish();
                return;
            }
        }
        self.opens.push(Open::If(Sym::Else));
        self.expr();
        self.opens.pop();
        if self.eat(Sym::Else) {
            self.expr();
        } else {
            self.expected(&["keyword `else`", "operator"]);
        }
        self.finish();
    }
}
