//! Syntax: tokens, the tree, and the parser that turns text into a tree plus
//! every error it met. Parsing never fails; broken parts become
//! [`ast::ExprKind::Error`] nodes so that the rest of the file is analysed.

pub mod ast;
pub mod lexer;
mod parser;
mod type_parser;

use chumsky::error::{RichPattern, RichReason};
use chumsky::prelude::*;

use lexer::{LexError, Sym, Token};

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

/// A syntax error, as plain facts; [`crate::diagnostics`] words it.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// A grammar rule with its own message (`or` without a field access, …).
    Invalid {
        /// Where.
        span: Span,
        /// What is wrong.
        message: String,
    },
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The tree; an `Error` node when nothing could be parsed.
    pub root: ast::Expr,
    /// Comments, in source order.
    pub comments: Vec<lexer::Comment>,
    /// Every syntax error, in source order.
    pub errors: Vec<SyntaxError>,
}

/// Parses a whole file.
pub fn parse_text(src: &str) -> Parsed {
    let lexed = lexer::lex(src);
    let mut errors: Vec<SyntaxError> = lexed.errors.into_iter().map(SyntaxError::Lex).collect();
    let too_deep = errors
        .iter()
        .any(|e| matches!(e, SyntaxError::Lex(LexError::TooDeep { .. })));
    let eoi = SimpleSpan::from(src.len()..src.len());
    let tokens: Vec<(Token<'_>, SimpleSpan)> = lexed
        .tokens
        .iter()
        .map(|(t, s)| (t.clone(), SimpleSpan::from(s.range())))
        .collect();
    let whole = Span::new(0, src.len());
    let root = if too_deep {
        None
    } else {
        let input = || tokens.as_slice().map(eoi, |(t, s)| (t, s));
        // Fast pass: correct files (the common case) pay nothing for error
        // reporting. Only a file with errors is parsed again with rich errors.
        let fast = parser::file_parser::<_, chumsky::error::Cheap>()
            .parse(input())
            .into_output_errors();
        let (root, parse_errors): (_, Vec<Rich<'_, Token<'_>>>) = match fast {
            (Some(root), errs) if errs.is_empty() => (Some(root), Vec::new()),
            _ => parser::file_parser::<_, Rich<'_, Token<'_>>>()
                .parse(input())
                .into_output_errors(),
        };
        let unclosed = unclosed_bracket(&lexed.tokens);
        // A string that runs to the end of the file swallows every closing
        // bracket after it; the brackets are not separate mistakes.
        let runaway = errors.iter().any(|e| {
            matches!(
                e,
                SyntaxError::Lex(
                    LexError::UnterminatedString { .. }
                        | LexError::UnterminatedInterpolation { .. }
                )
            )
        });
        for err in parse_errors {
            // The lexer has already reported its own invalid tokens.
            if matches!(err.found(), Some(Token::Error)) {
                continue;
            }
            if runaway && err.found().is_none() {
                continue;
            }
            errors.push(convert(err, unclosed));
        }
        root
    };
    errors.sort_by_key(error_start);
    errors.dedup();
    Parsed {
        root: root.unwrap_or(ast::Expr {
            span: whole,
            kind: ast::ExprKind::Error,
        }),
        comments: lexed.comments,
        errors,
    }
}

fn error_start(e: &SyntaxError) -> usize {
    match e {
        SyntaxError::Lex(
            LexError::UnexpectedChar { span, .. }
            | LexError::InvalidEscape { span }
            | LexError::IntegerTooLarge { span }
            | LexError::TooDeep { span }
            | LexError::UnterminatedString { open: span }
            | LexError::UnterminatedInterpolation { open: span },
        ) => span.start(),
        SyntaxError::Unexpected { span, .. } | SyntaxError::Invalid { span, .. } => span.start(),
    }
}

/// The innermost bracket still open at the end of the token stream.
fn unclosed_bracket(tokens: &[(Token<'_>, Span)]) -> Option<Span> {
    let mut stack = Vec::new();
    for (tok, span) in tokens {
        match tok {
            Token::Sym(Sym::LParen | Sym::LBracket | Sym::LBrace) => stack.push(*span),
            Token::Sym(Sym::RParen | Sym::RBracket | Sym::RBrace) => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

fn convert(err: Rich<'_, Token<'_>, SimpleSpan>, unclosed: Option<Span>) -> SyntaxError {
    let span = Span::new(err.span().start, err.span().end);
    match err.reason() {
        RichReason::Custom(message) => SyntaxError::Invalid {
            span,
            message: message.clone(),
        },
        RichReason::ExpectedFound { expected, found } => {
            let mut words: Vec<String> = expected
                .iter()
                .filter_map(|p| match p {
                    RichPattern::Token(t) => Some(t.to_string()),
                    RichPattern::Label(l) => Some(l.to_string()),
                    RichPattern::EndOfInput => Some("end of file".to_string()),
                    RichPattern::Identifier(i) => Some(format!("`{i}`")),
                    _ => None,
                })
                .collect();
            words.sort();
            words.dedup();
            let found_tok = found.as_ref().map(|t| (**t).clone());
            let found_sym = match found_tok {
                Some(Token::Sym(s)) => Some(s),
                _ => None,
            };
            SyntaxError::Unexpected {
                span,
                found: found_tok.as_ref().map(|t| t.to_string()),
                expected: words,
                unclosed: if found_tok.is_none() { unclosed } else { None },
                found_sym,
            }
        }
    }
}
