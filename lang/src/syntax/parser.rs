//! The chumsky grammar. See `docs/spec.md`, chapter "Grammar", for the EBNF
//! this follows; the two are kept in step.

use chumsky::error::Cheap;
use chumsky::input::{Input, ValueInput};
use chumsky::prelude::*;

use super::ast::*;
use super::lexer::{unescape, unescape_indented, Sym, Token};
use super::type_parser::type_parser;
use super::Span;

/// The error type a parse runs with. A first pass uses [`Cheap`] errors,
/// which cost almost nothing when the file is correct; only a file with
/// errors is parsed again with [`Rich`] errors for the diagnostics.
pub(crate) trait SyntaxErr<'t, I: Input<'t, Span = SimpleSpan>>:
    chumsky::error::Error<'t, I> + chumsky::label::LabelError<'t, I, &'static str>
{
    /// An error with its own message.
    fn custom(span: SimpleSpan, message: &str) -> Self;
}

impl<'t, 's: 't, I: Input<'t, Token = Token<'s>, Span = SimpleSpan>> SyntaxErr<'t, I>
    for Rich<'t, Token<'s>, SimpleSpan>
{
    fn custom(span: SimpleSpan, message: &str) -> Self {
        Rich::custom(span, message)
    }
}

impl<'t, I: Input<'t, Span = SimpleSpan>> SyntaxErr<'t, I> for Cheap<SimpleSpan> {
    fn custom(span: SimpleSpan, _: &str) -> Self {
        Cheap::new(span)
    }
}

pub(super) fn sp(s: SimpleSpan) -> Span {
    Span::new(s.start, s.end)
}

pub(super) fn sym<'t, 's: 't, I, Er>(
    s: Sym,
) -> impl Parser<'t, I, Token<'s>, extra::Err<Er>> + Clone
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    just(Token::Sym(s))
}

/// Consumes tokens, keeping brackets balanced, until one of `stops` appears at
/// depth zero. Used to skip a broken record field, list item or binding so
/// that the next one is still parsed.
fn skip_to<'t, 's: 't, I, Er>(
    stops: &'static [Sym],
) -> impl Parser<'t, I, SimpleSpan, extra::Err<Er>> + Clone + use<'t, 's, I, Er>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    custom(move |inp| {
        let before = inp.cursor();
        let mut depth = 0usize;
        let mut consumed = false;
        while let Some(tok) = inp.peek() {
            match tok {
                Token::Sym(s) if depth == 0 && stops.contains(&s) => break,
                Token::Sym(Sym::LParen | Sym::LBracket | Sym::LBrace) | Token::InterpOpen => {
                    depth += 1
                }
                Token::Sym(Sym::RParen | Sym::RBracket | Sym::RBrace) | Token::InterpClose => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            inp.skip();
            consumed = true;
        }
        if consumed {
            Ok(inp.span_since(&before))
        } else {
            Err(Er::custom(inp.span_since(&before), "nothing to skip"))
        }
    })
}

/// `lhs op rhs`, spanning both operands.
fn binary(op: BinaryOp, op_span: Span, lhs: Expr, rhs: Expr) -> Expr {
    Expr {
        span: lhs.span.join(rhs.span),
        kind: ExprKind::Binary {
            op,
            op_span,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
    }
}

/// Skips a whole bracketed group that failed to parse, brackets balanced,
/// leaving an error node in its place.
fn skip_group<'t, 's: 't, I, Er>(
    open: Sym,
    close: Sym,
) -> impl Parser<'t, I, Expr, extra::Err<Er>> + Clone + use<'t, 's, I, Er>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    // The other two kinds of bracket, which must balance inside the group.
    let others = match open {
        Sym::LParen => [(Sym::LBracket, Sym::RBracket), (Sym::LBrace, Sym::RBrace)],
        Sym::LBracket => [(Sym::LParen, Sym::RParen), (Sym::LBrace, Sym::RBrace)],
        _ => [(Sym::LParen, Sym::RParen), (Sym::LBracket, Sym::RBracket)],
    }
    .map(|(o, c)| (Token::Sym(o), Token::Sym(c)));
    nested_delimiters(Token::Sym(open), Token::Sym(close), others, |s| Expr {
        span: sp(s),
        kind: ExprKind::Error,
    })
}

/// `,`, or `;` reported as a mistake but accepted, so that a file written
/// with Nix's separators gets one clear error per `;` and no cascade.
fn separator<'t, 's: 't, I, Er>(
) -> impl Parser<'t, I, (), extra::Err<Er>> + Clone + use<'t, 's, I, Er>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    sym(Sym::Comma)
        .ignored()
        .or(sym(Sym::Semicolon).validate(|_, e, emitter| {
            emitter.emit(Er::custom(
                e.span(),
                "Floe separates fields, list items and `let` bindings with `,`, not `;`",
            ));
        }))
}

/// Removes the indentation common to all lines of an indented string, the
/// first line when it is blank, and the last line when it is only spaces.
fn dedent(parts: Vec<(Option<&str>, Option<Expr>)>) -> Vec<StrPart> {
    enum Piece<'a> {
        Text(&'a str),
        Interp(Expr),
    }
    let pieces: Vec<Piece> = parts
        .into_iter()
        .filter_map(|(t, e)| match (t, e) {
            (Some(t), _) => Some(Piece::Text(t)),
            (None, Some(e)) => Some(Piece::Interp(e)),
            _ => None,
        })
        .collect();
    // Pass 1: the smallest indentation of a line with content.
    let mut min: Option<usize> = None;
    let mut at_start = true;
    let mut indent = 0usize;
    let mut first_line = true;
    let mut first_blank = true;
    for piece in &pieces {
        match piece {
            Piece::Text(t) => {
                for c in t.chars() {
                    if c == '\n' {
                        at_start = true;
                        indent = 0;
                        first_line = false;
                    } else if at_start && (c == ' ' || c == '\t') {
                        indent += 1;
                    } else if at_start {
                        if first_line {
                            first_blank = false;
                        } else {
                            min = Some(min.map_or(indent, |m| m.min(indent)));
                        }
                        at_start = false;
                    }
                }
            }
            Piece::Interp(_) => {
                if at_start {
                    if first_line {
                        first_blank = false;
                    } else {
                        min = Some(min.map_or(indent, |m| m.min(indent)));
                    }
                    at_start = false;
                }
            }
        }
    }
    let strip = min.unwrap_or(0);
    // Pass 2: rebuild the text without the common indentation.
    let mut out: Vec<StrPart> = Vec::new();
    let mut buf = String::new();
    let mut at_start = true;
    let mut removed = 0usize;
    let mut first_line = true;
    let mut skipping_first = first_blank;
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                let mut chunk = String::new();
                for c in t.chars() {
                    if skipping_first {
                        if c == '\n' {
                            skipping_first = false;
                            first_line = false;
                            at_start = true;
                            removed = 0;
                        }
                        continue;
                    }
                    if c == '\n' {
                        chunk.push(c);
                        at_start = true;
                        removed = 0;
                        first_line = false;
                    } else if at_start && !first_line && (c == ' ' || c == '\t') && removed < strip
                    {
                        removed += 1;
                    } else {
                        at_start = false;
                        chunk.push(c);
                    }
                }
                buf.push_str(&unescape_indented(&chunk));
            }
            Piece::Interp(e) => {
                skipping_first = false;
                at_start = false;
                if !buf.is_empty() {
                    out.push(StrPart::Text(std::mem::take(&mut buf)));
                }
                out.push(StrPart::Interp(e));
            }
        }
    }
    // A last line of only spaces is the closing delimiter's indentation.
    if let Some(pos) = buf.rfind('\n') {
        if buf[pos + 1..].chars().all(|c| c == ' ' || c == '\t') {
            buf.truncate(pos + 1);
        }
    } else if out.is_empty() && buf.chars().all(|c| c == ' ' || c == '\t') && first_blank {
        buf.clear();
    }
    if !buf.is_empty() {
        out.push(StrPart::Text(buf));
    }
    out
}

/// The parser for a whole file: one expression.
pub(crate) fn file_parser<'t, 's: 't, I, Er>(
) -> impl Parser<'t, I, Expr, extra::Err<Er>> + use<'t, 's, I, Er>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    expr_parser().then_ignore(end().labelled("end of file"))
}

fn expr_parser<'t, 's: 't, I, Er>(
) -> impl Parser<'t, I, Expr, extra::Err<Er>> + Clone + use<'t, 's, I, Er>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
{
    recursive(|expr| {
        let ident = select! { Token::Ident(name) = e => Ident { name: name.to_string(), span: sp(e.span()) } }
            .labelled("name");

        // Ordinary strings: escapes applied per text chunk.
        let interp = expr
            .clone()
            .delimited_by(just(Token::InterpOpen), just(Token::InterpClose));
        let plain_string = select! { Token::StrText(t) => StrPart::Text(unescape(t)) }
            .or(interp.clone().map(StrPart::Interp))
            .repeated()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::Quote), just(Token::Quote));
        let indented_string = select! { Token::StrText(t) => (Some(t), None) }
            .or(interp.map(|e| (None, Some(e))))
            .repeated()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::IndQuote), just(Token::IndQuote))
            .map(dedent);
        let string = plain_string.or(indented_string).labelled("string").boxed();

        // A key is a name, a keyword, or a string without interpolation.
        let key = select! {
            Token::Ident(name) = e => Key { name: name.to_string(), span: sp(e.span()) },
            Token::Sym(s) = e if s.is_keyword() => Key { name: s.text().to_string(), span: sp(e.span()) },
        }
        .or(string.clone().validate(|parts, e, emitter| {
            let mut name = String::new();
            for part in parts {
                match part {
                    StrPart::Text(t) => name.push_str(&t),
                    StrPart::Interp(_) => emitter.emit(Er::custom(
                        e.span(),
                        "a field name cannot contain an interpolation",
                    )),
                }
            }
            Key { name, span: sp(e.span()) }
        }))
        .labelled("field name")
        .boxed();
        let key_path = key
            .clone()
            .separated_by(sym(Sym::Dot))
            .at_least(1)
            .collect::<Vec<_>>();

        let field = key_path
            .clone()
            .then(sym(Sym::Assign).ignore_then(expr.clone()).or_not())
            .validate(|(path, value), e, emitter| {
                let value = match value {
                    Some(v) => v,
                    None => {
                        if path.len() != 1 {
                            emitter.emit(Er::custom(
                                e.span(),
                                "a field without `=` must be a single name",
                            ));
                        }
                        let k = &path[path.len() - 1];
                        Expr {
                            span: k.span,
                            kind: ExprKind::Var(Ident {
                                name: k.name.clone(),
                                span: k.span,
                            }),
                        }
                    }
                };
                Field { path, value }
            })
            // A field must end at `,` or `}`; anything else makes it fail
            // here, so the recovery below skips just this field.
            .then_ignore(choice((sym(Sym::Comma), sym(Sym::Semicolon), sym(Sym::RBrace))).rewind())
            .recover_with(via_parser(
                key_path
                    .clone()
                    .or_not()
                    .then(skip_to(&[Sym::Comma, Sym::Semicolon, Sym::RBrace]))
                    .map(|(path, s)| Field {
                        // The key is kept so that the field still exists.
                        path: path.unwrap_or_default(),
                        value: Expr {
                            span: sp(s),
                            kind: ExprKind::Error,
                        },
                    }),
            ));
        let record = field
            .separated_by(separator())
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(sym(Sym::LBrace), sym(Sym::RBrace))
            .map(ExprKind::Record);

        let item = expr
            .clone()
            .then_ignore(
                choice((sym(Sym::Comma), sym(Sym::Semicolon), sym(Sym::RBracket))).rewind(),
            )
            .recover_with(via_parser(
                skip_to(&[Sym::Comma, Sym::Semicolon, Sym::RBracket]).map(|s| Expr {
                    span: sp(s),
                    kind: ExprKind::Error,
                }),
            ));
        let list = item
            .separated_by(separator())
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(sym(Sym::LBracket), sym(Sym::RBracket))
            .map(ExprKind::List);

        let import = sym(Sym::Import)
            .ignore_then(string.clone().map_with(|parts, e| (parts, sp(e.span()))))
            .validate(|(parts, path_span), _, emitter| {
                let mut path = String::new();
                for part in parts {
                    match part {
                        StrPart::Text(t) => path.push_str(&t),
                        StrPart::Interp(_) => emitter.emit(Er::custom(
                            SimpleSpan::from(path_span.range()),
                            "an import path must be a plain string, without interpolation",
                        )),
                    }
                }
                ExprKind::Import { path, path_span }
            });

        let atom = choice((
            select! {
                Token::Int(n) => ExprKind::Int(n),
                Token::Float(x) => ExprKind::Float(x),
                Token::Sym(Sym::True) => ExprKind::Bool(true),
                Token::Sym(Sym::False) => ExprKind::Bool(false),
                Token::Sym(Sym::Null) => ExprKind::Null,
            },
            ident.map(ExprKind::Var),
            string.clone().map(ExprKind::Str),
            import,
            list,
            record,
        ))
        .map_with(|kind, e| Expr {
            span: sp(e.span()),
            kind,
        })
        .or(expr
            .clone()
            .delimited_by(sym(Sym::LParen), sym(Sym::RParen))
            .map_with(|inner: Expr, e| Expr {
                span: sp(e.span()),
                kind: inner.kind,
            }))
        .recover_with(via_parser(skip_group(Sym::LParen, Sym::RParen)))
        .recover_with(via_parser(skip_group(Sym::LBracket, Sym::RBracket)))
        .recover_with(via_parser(skip_group(Sym::LBrace, Sym::RBrace)))
        .labelled("expression")
        .boxed();

        // `e.a.b` and `e.a.b or default`.
        let selected = atom
            .clone()
            .then(
                sym(Sym::Dot)
                    .ignore_then(key.clone())
                    .repeated()
                    .collect::<Vec<_>>(),
            )
            .map_with(|(target, path), e| {
                if path.is_empty() {
                    target
                } else {
                    Expr {
                        span: sp(e.span()),
                        kind: ExprKind::Select {
                            target: Box::new(target),
                            path,
                            default: None,
                        },
                    }
                }
            })
            .boxed();
        let postfix = selected
            .clone()
            .then(sym(Sym::Or).ignore_then(selected).or_not())
            .validate(|(target, default), e, emitter| match default {
                None => target,
                Some(default) => match target.kind {
                    ExprKind::Select { target, path, .. } => Expr {
                        span: sp(e.span()),
                        kind: ExprKind::Select {
                            target,
                            path,
                            default: Some(Box::new(default)),
                        },
                    },
                    _ => {
                        emitter.emit(Er::custom(
                            e.span(),
                            "`or` gives a default to a field access, as in `r.port or 80`",
                        ));
                        target
                    }
                },
            })
            .boxed();

        let application = postfix
            .clone()
            .foldl_with(postfix.repeated(), |func, arg, e| Expr {
                span: sp(e.span()),
                kind: ExprKind::Apply {
                    func: Box::new(func),
                    arg: Box::new(arg),
                },
            })
            .boxed();

        let has = application
            .then(sym(Sym::Question).ignore_then(key_path.clone()).or_not())
            .map_with(|(target, path), e| match path {
                None => target,
                Some(path) => Expr {
                    span: sp(e.span()),
                    kind: ExprKind::Has {
                        target: Box::new(target),
                        path,
                    },
                },
            });

        let unary = select! {
            Token::Sym(Sym::Minus) => UnaryOp::Neg,
            Token::Sym(Sym::Bang) => UnaryOp::Not,
        }
        .map_with(|op, e| (op, sp(e.span())))
        .repeated()
        .foldr(has, |(op, at), operand| Expr {
            span: at.join(operand.span),
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
        })
        .boxed();

        fn infix<'t, 's: 't, I, Er, P>(
            operand: P,
            ops: &'static [(Sym, BinaryOp)],
        ) -> impl Parser<'t, I, Expr, extra::Err<Er>> + Clone + use<'t, 's, I, Er, P>
        where
            I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
            Er: SyntaxErr<'t, I> + 't,
            P: Parser<'t, I, Expr, extra::Err<Er>> + Clone,
        {
            let tokens: Vec<Token<'s>> = ops.iter().map(|(s, _)| Token::Sym(*s)).collect();
            let op = one_of(tokens)
                .map_with(move |tok: Token<'s>, e| {
                    let op = ops
                        .iter()
                        .find(|(s, _)| tok == Token::Sym(*s))
                        .map_or(BinaryOp::Add, |(_, op)| *op);
                    (op, sp(e.span()))
                })
                .labelled("operator");
            operand
                .clone()
                .foldl(op.then(operand).repeated(), |lhs, ((op, op_span), rhs)| {
                    binary(op, op_span, lhs, rhs)
                })
        }

        let product = infix(
            unary,
            &[
                (Sym::Star, BinaryOp::Mul),
                (Sym::Slash, BinaryOp::Div),
                (Sym::Percent, BinaryOp::Rem),
            ],
        )
        .boxed();
        let sum = infix(
            product,
            &[(Sym::Plus, BinaryOp::Add), (Sym::Minus, BinaryOp::Sub)],
        )
        .boxed();
        let concat = infix(sum, &[(Sym::PlusPlus, BinaryOp::Concat)]).boxed();
        let merge = infix(
            concat,
            &[
                (Sym::SlashSlash, BinaryOp::Merge),
                (Sym::Amp, BinaryOp::DeepMerge),
                (Sym::Extends, BinaryOp::Extends),
            ],
        )
        .boxed();
        let cmp_op = select! {
            Token::Sym(Sym::EqEq) = e => (BinaryOp::Eq, sp(e.span())),
            Token::Sym(Sym::NotEq) = e => (BinaryOp::NotEq, sp(e.span())),
            Token::Sym(Sym::Lt) = e => (BinaryOp::Lt, sp(e.span())),
            Token::Sym(Sym::Le) = e => (BinaryOp::Le, sp(e.span())),
            Token::Sym(Sym::Gt) = e => (BinaryOp::Gt, sp(e.span())),
            Token::Sym(Sym::Ge) = e => (BinaryOp::Ge, sp(e.span())),
        };
        // Comparisons do not chain: `a < b < c` is an error, not a surprise.
        let compare = merge
            .clone()
            .then(cmp_op.then(merge).or_not())
            .map(|(lhs, rhs)| match rhs {
                None => lhs,
                Some(((op, op_span), rhs)) => binary(op, op_span, lhs, rhs),
            })
            .boxed();
        let and = infix(compare, &[(Sym::AndAnd, BinaryOp::And)]).boxed();
        let or = infix(and, &[(Sym::OrOr, BinaryOp::Or)]).boxed();
        let pipe = infix(or, &[(Sym::Pipe, BinaryOp::Pipe)]).boxed();

        let ty = type_parser(expr.clone(), string.clone(), key.clone());
        // Forms that extend as far right as possible.
        let pat_item = ident
            .then(sym(Sym::Colon).ignore_then(ty.clone()).or_not())
            .then(sym(Sym::Assign).ignore_then(expr.clone()).or_not())
            .map(|((name, ty), default)| Some(PatField { name, ty, default }))
            .or(sym(Sym::DotDot).to(None));
        let pattern = pat_item
            .separated_by(sym(Sym::Comma))
            .allow_trailing()
            .collect::<Vec<Option<PatField>>>()
            .delimited_by(sym(Sym::LBrace), sym(Sym::RBrace))
            .map_with(|items, e| (items, sp(e.span())))
            .then(sym(Sym::At).ignore_then(ident).or_not())
            .validate(|((items, span), bind), e, emitter| {
                let mut fields = Vec::new();
                let mut open = false;
                for item in items {
                    match item {
                        Some(f) if !open => fields.push(f),
                        Some(_) => emitter.emit(Er::custom(
                            e.span(),
                            "`..` must come last in a record pattern",
                        )),
                        None => open = true,
                    }
                }
                Param::Record {
                    fields,
                    open,
                    bind,
                    span,
                }
            });
        let typed_param = ident
            .then_ignore(sym(Sym::Colon))
            .then(ty.clone())
            .delimited_by(sym(Sym::LParen), sym(Sym::RParen))
            .map(|(name, ty)| Param::Typed { name, ty });
        let param = ident
            .map(Param::Name)
            .or(typed_param)
            .or(pattern)
            .labelled("parameter");
        let lambda = sym(Sym::Backslash)
            .map_with(|_, e| sp(e.span()))
            .then(param.repeated().at_least(1).collect::<Vec<_>>())
            .then_ignore(sym(Sym::Arrow))
            .then(expr.clone())
            .map(|((start, params), body): ((Span, Vec<Param>), Expr)| {
                let end = body.span;
                params.into_iter().rev().fold(body, |body, param| Expr {
                    span: start.join(end),
                    kind: ExprKind::Lambda {
                        param,
                        body: Box::new(body),
                    },
                })
            });

        let value_binding = ident
            .then(sym(Sym::Colon).ignore_then(ty.clone()).or_not())
            .then_ignore(sym(Sym::Assign))
            .then(expr.clone())
            .map(|((name, ty), value)| Binding {
                name,
                kind: BindingKind::Value { ty, value },
            });
        let type_binding = sym(Sym::Type)
            .ignore_then(ident)
            .then_ignore(sym(Sym::Assign))
            .then(ty.clone())
            .map(|(name, ty)| Binding {
                name,
                kind: BindingKind::Type(ty),
            });
        let binding = type_binding
            .or(value_binding)
            .then_ignore(choice((sym(Sym::Comma), sym(Sym::Semicolon), sym(Sym::In))).rewind())
            .recover_with(via_parser(
                ident
                    .or_not()
                    .then(skip_to(&[Sym::Comma, Sym::Semicolon, Sym::In]))
                    .map(|(name, s)| Binding {
                        // The name is kept so that its uses do not cascade
                        // into "not defined" errors.
                        name: name.unwrap_or(Ident {
                            name: String::new(),
                            span: sp(s),
                        }),
                        kind: BindingKind::Value {
                            ty: None,
                            value: Expr {
                                span: sp(s),
                                kind: ExprKind::Error,
                            },
                        },
                    }),
            ));
        let let_ = sym(Sym::Let)
            .ignore_then(
                binding
                    .separated_by(separator())
                    .allow_trailing()
                    .at_least(1)
                    .collect::<Vec<_>>(),
            )
            .then_ignore(sym(Sym::In))
            .then(expr.clone())
            .map(|(bindings, body)| ExprKind::Let {
                bindings,
                body: Box::new(body),
            })
            .map_with(|kind, e| Expr {
                span: sp(e.span()),
                kind,
            });

        let if_ = sym(Sym::If)
            .ignore_then(expr.clone())
            .then_ignore(sym(Sym::Then))
            .then(expr.clone())
            .then_ignore(sym(Sym::Else))
            .then(expr.clone())
            .map_with(|((cond, then), otherwise), e| Expr {
                span: sp(e.span()),
                kind: ExprKind::If {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                },
            });

        choice((lambda, let_, if_, pipe))
            .then(sym(Sym::Colon).ignore_then(ty).or_not())
            .map_with(|(expr, ty), e| match ty {
                None => expr,
                Some(ty) => Expr {
                    span: sp(e.span()),
                    kind: ExprKind::Annot {
                        expr: Box::new(expr),
                        ty: Box::new(ty),
                    },
                },
            })
            .labelled("expression")
            .boxed()
    })
}
