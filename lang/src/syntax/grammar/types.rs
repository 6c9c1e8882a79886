//! Types: `List Int`, `{ name : Text = "x", .. }`, `"a" | "b"`,
//! `"off" < "on"`, `A -> B`, `T?`, `T where p`.

use super::{Open, Parser, Rest};
use crate::syntax::kind::SyntaxKind;
use crate::syntax::lexer::{Sym, Token};

/// What a type turned out to be, as far as `|` and `<` care.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A single text tag.
    Tag,
    /// Text tags joined by `|`.
    Tags,
    /// Anything else.
    Other,
}

const MODES: &[&str] = &["final", "subset", "append", "required"];

/// Whether `token` is a name a type can use: `over` ends a field's type
/// (`Layer M over enterprise`), so it is not a type argument.
fn type_name(token: Option<&Token<'_>>) -> bool {
    matches!(token, Some(Token::Ident(name)) if *name != "over")
}

fn starts_type_atom(token: Option<&Token<'_>>) -> bool {
    type_name(token)
        || matches!(
            token,
            Some(Token::Quote | Token::IndQuote | Token::Sym(Sym::LBrace | Sym::LParen))
        )
}

impl Parser<'_, '_> {
    /// One type.
    pub(super) fn ty(&mut self) {
        self.ty_class();
    }

    fn ty_class(&mut self) -> Class {
        if !self.enter() {
            return Class::Other;
        }
        let class = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.ty_inner());
        self.leave();
        class
    }

    fn ty_inner(&mut self) -> Class {
        let at = self.checkpoint();
        let mut class = self.ty_alternatives();
        if self.at(Sym::Arrow) {
            self.start_at(at, SyntaxKind::TypeFunction);
            self.bump();
            self.ty();
            self.finish();
            class = Class::Other;
        }
        if self.at(Sym::Where) {
            self.start_at(at, SyntaxKind::TypeRefined);
            self.bump();
            self.expr();
            self.finish();
            class = Class::Other;
        }
        class
    }

    /// `"a" < "b" < "c"`, or alternatives joined by `|`.
    fn ty_alternatives(&mut self) -> Class {
        let at = self.checkpoint();
        let first_start = self.span();
        let first = self.ty_applied();
        let first_end = self.prev_end();
        if first == Class::Tag && self.at(Sym::Lt) {
            self.start_at(at, SyntaxKind::TypeOrdered);
            while self.eat(Sym::Lt) {
                if matches!(self.peek(), Some(Token::Quote | Token::IndQuote)) {
                    self.tag();
                } else {
                    self.expected(&["text tag"]);
                    break;
                }
            }
            self.finish();
            return Class::Other;
        }
        if !self.at(Sym::Bar) {
            return first;
        }
        self.start_at(at, SyntaxKind::TypeUnion);
        let mut alternatives = vec![(first, first_start.start(), first_end)];
        while self.eat(Sym::Bar) {
            let start = self.span().start();
            let class = self.ty_applied();
            alternatives.push((class, start, self.prev_end()));
        }
        self.finish();
        for (class, start, end) in alternatives {
            if class == Class::Other {
                self.invalid(
                    crate::syntax::Span::new(start, end),
                    "only text tags can be joined with `|`, as in `\"duckdb\" | \"snowflake\"`",
                );
            }
        }
        Class::Tags
    }

    /// `List Int?`: a named type and its arguments, or one argument-like type.
    fn ty_applied(&mut self) -> Class {
        let at = self.checkpoint();
        if !type_name(self.peek()) {
            return self.ty_optional();
        }
        self.type_path();
        if starts_type_atom(self.peek()) {
            self.start_at(at, SyntaxKind::TypeApply);
            while starts_type_atom(self.peek()) && !self.stopped {
                self.ty_optional();
            }
            self.finish();
        } else if self.at(Sym::Question) {
            self.start_at(at, SyntaxKind::TypeOptional);
            while self.eat(Sym::Question) {}
            self.finish();
        }
        Class::Other
    }

    /// `T?`, `T??`: `?` binds tighter than application.
    fn ty_optional(&mut self) -> Class {
        let at = self.checkpoint();
        let class = self.ty_atom();
        if !self.at(Sym::Question) {
            return class;
        }
        self.start_at(at, SyntaxKind::TypeOptional);
        while self.eat(Sym::Question) {}
        self.finish();
        Class::Other
    }

    fn ty_atom(&mut self) -> Class {
        match self.peek() {
            Some(Token::Sym(Sym::LBrace)) => {
                self.group(
                    SyntaxKind::TypeRecord,
                    Sym::RBrace,
                    &["field name", "`..`", "field mode"],
                    |p| super::expr::starts_key(p.peek()) || p.at(Sym::DotDot),
                    |p, rest| p.type_field(rest),
                );
                Class::Other
            }
            Some(Token::Quote | Token::IndQuote) => {
                self.tag();
                Class::Tag
            }
            Some(Token::Sym(Sym::LParen)) => {
                self.start(SyntaxKind::TypeParen);
                let at = self.span();

                self.bump();
                self.opens.push(Open::Bracket { close: Sym::RParen });
                let class = self.ty_class();
                self.close_paren(at);
                self.opens.pop();
                self.finish();
                match class {
                    Class::Tag | Class::Tags => Class::Tags,
                    Class::Other => Class::Other,
                }
            }
            Some(Token::Ident(_)) if type_name(self.peek()) => {
                self.type_path();
                Class::Other
            }
            _ => {
                self.expected(&["type"]);
                if !super::expr::is_stop(self.peek()) && !self.any_wants() {
                    self.bump_error();
                }
                Class::Other
            }
        }
    }

    fn tag(&mut self) {
        self.start(SyntaxKind::TypeTag);
        let start = self.span().start();
        if self.string() {
            let span = crate::syntax::Span::new(start, self.prev_end());
            self.invalid(span, "a text tag cannot contain an interpolation");
        }
        self.finish();
    }

    /// `m.Service`.
    pub(super) fn type_path(&mut self) {
        self.start(SyntaxKind::TypePath);
        self.bump();
        while self.at(Sym::Dot) && type_name(self.nth(1)) {
            self.bump();
            self.bump();
        }
        self.finish();
    }

    /// `final name : T over parent = default`, or `..`.
    fn type_field(&mut self, rest: &mut Rest) {
        if rest.0.is_some() {
            let span = self.span();
            self.invalid(span, "`..` must come last in a record type");
        }
        if self.at(Sym::DotDot) {
            rest.0 = Some(self.span());
            self.bump();
            return;
        }
        self.start(SyntaxKind::TypeField);
        self.field_mode();
        if !self.key() {
            self.expected(&["field name"]);
        }
        if self.eat(Sym::Colon) {
            self.ty();
        } else {
            self.expected(&["`:`"]);
        }
        if matches!(self.peek(), Some(Token::Ident("over"))) {
            self.start(SyntaxKind::Over);
            self.bump();
            if type_name(self.peek()) {
                self.type_path();
            } else {
                self.expected(&["name"]);
            }
            self.finish();
        }
        if self.eat(Sym::Assign) {
            self.expr();
        }
        self.finish();
    }

    /// A mode word before a field name (`final`, `stronger(lower)`, …).
    /// Modes are contextual: `final : Int` is a field named `final`.
    fn field_mode(&mut self) {
        let Some(Token::Ident(word)) = self.peek() else {
            return;
        };
        let word = *word;
        if self.nth_at(1, Sym::Colon) {
            return;
        }
        if MODES.contains(&word) {
            self.start(SyntaxKind::FieldMode);
            self.bump();
            self.finish();
        } else if word == "stronger" {
            self.start(SyntaxKind::FieldMode);
            self.bump();
            let direction = matches!(self.nth(1), Some(Token::Ident("lower" | "higher")));
            if self.at(Sym::LParen) && direction && self.nth_at(2, Sym::RParen) {
                self.bump();
                self.bump();
                self.bump();
            }
            self.finish();
        }
    }
}
