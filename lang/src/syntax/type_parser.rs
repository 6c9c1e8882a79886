//! The grammar of types: `List Int`, `{ name : Text = "x", .. }`,
//! `"a" | "b"`, `"off" < "on"`, `A -> B`, `T?`, `T where p`.

use chumsky::input::ValueInput;
use chumsky::prelude::*;

use super::ast::*;
use super::lexer::{Sym, Token};
use super::parser::{sp, sym, SyntaxErr};
use super::Span;

/// The text of a string literal without interpolation, or `None`.
pub(super) fn literal_text(parts: Vec<StrPart>) -> Option<String> {
    let mut text = String::new();
    for part in parts {
        match part {
            StrPart::Text(t) => text.push_str(&t),
            StrPart::Interp(_) => return None,
        }
    }
    Some(text)
}

/// Type expressions. `expr` parses record fields' defaults, `string` text
/// tags, `key` field names.
pub(super) fn type_parser<'t, 's: 't, I, Er, PE, PS, PK>(
    expr: PE,
    string: PS,
    key: PK,
) -> impl Parser<'t, I, TypeExpr, extra::Err<Er>> + Clone + use<'t, 's, I, Er, PE, PS, PK>
where
    I: ValueInput<'t, Token = Token<'s>, Span = SimpleSpan>,
    Er: SyntaxErr<'t, I> + 't,
    PE: Parser<'t, I, Expr, extra::Err<Er>> + Clone + 't,
    PS: Parser<'t, I, Vec<StrPart>, extra::Err<Er>> + Clone + 't,
    PK: Parser<'t, I, Key, extra::Err<Er>> + Clone + 't,
{
    // `over` ends a field's type (`Layer M over enterprise`), so it is not
    // taken as a type argument.
    let ident = select! { Token::Ident(name) = e if name != "over" => Ident { name: name.to_string(), span: sp(e.span()) } }
        .labelled("type name");
    let tag = string
        .validate(|parts, e, emitter| {
            let name = literal_text(parts).unwrap_or_else(|| {
                emitter.emit(Er::custom(
                    e.span(),
                    "a text tag cannot contain an interpolation",
                ));
                String::new()
            });
            Key {
                name,
                span: sp(e.span()),
            }
        })
        .labelled("text tag");
    recursive(move |ty| {
        let path = ident
            .separated_by(sym(Sym::Dot))
            .at_least(1)
            .collect::<Vec<_>>();
        // Modes are contextual words before the field name, so `final`
        // and the others remain usable as field names themselves.
        let mode = select! {
            Token::Ident("final") => Mode::Final,
            Token::Ident("subset") => Mode::Subset,
            Token::Ident("append") => Mode::Append,
            Token::Ident("required") => Mode::Required,
        }
        .or(select! { Token::Ident("stronger") => () }
            .ignore_then(
                select! { Token::Ident("lower") => true, Token::Ident("higher") => false }
                    .delimited_by(sym(Sym::LParen), sym(Sym::RParen))
                    .or_not(),
            )
            .map(|lower| Mode::Stronger {
                lower: lower.unwrap_or(false),
            }))
        .labelled("field mode");
        let over = select! { Token::Ident("over") => () }
            .ignore_then(path.clone())
            .or_not()
            .map(Option::unwrap_or_default);
        let field_body = key
            .clone()
            .then_ignore(sym(Sym::Colon))
            .then(ty.clone())
            .then(over)
            .then(sym(Sym::Assign).ignore_then(expr.clone()).or_not());
        let field = mode
            .then(field_body.clone())
            .map(|(mode, (((name, ty), over), default))| FieldType {
                mode,
                name,
                ty,
                over,
                default,
            })
            .or(field_body.map(|(((name, ty), over), default)| FieldType {
                mode: Mode::Override,
                name,
                ty,
                over,
                default,
            }))
            .map(Some)
            .or(sym(Sym::DotDot).to(None));
        let record = field
            .separated_by(sym(Sym::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(sym(Sym::LBrace), sym(Sym::RBrace))
            .validate(|items, e, emitter| {
                let mut fields = Vec::new();
                let mut open = false;
                for item in items {
                    match item {
                        Some(f) if !open => fields.push(f),
                        Some(_) => emitter
                            .emit(Er::custom(e.span(), "`..` must come last in a record type")),
                        None => open = true,
                    }
                }
                TypeKind::Record { fields, open }
            });
        let atom = choice((
            record,
            tag.clone().map(|t| TypeKind::Enum {
                tags: vec![t],
                ordered: false,
            }),
            ty.clone()
                .delimited_by(sym(Sym::LParen), sym(Sym::RParen))
                .map(|t: TypeExpr| t.kind),
            path.clone().map(|path| TypeKind::Named {
                path,
                args: Vec::new(),
            }),
        ))
        .map_with(|kind, e| TypeExpr {
            span: sp(e.span()),
            kind,
        })
        .boxed();
        // `?` binds tighter than application: `List Int?` is a list of
        // optional integers; `(List Int)?` an optional list.
        let optional = atom
            .then(
                sym(Sym::Question)
                    .map_with(|_, e| sp(e.span()))
                    .repeated()
                    .collect::<Vec<_>>(),
            )
            .map(|(t, marks)| {
                marks.into_iter().fold(t, |t, at| TypeExpr {
                    span: t.span.join(at),
                    kind: TypeKind::Optional(Box::new(t)),
                })
            })
            .boxed();
        let optional = path
            .then(optional.clone().repeated().at_least(1).collect::<Vec<_>>())
            .map_with(|(path, args), e| TypeExpr {
                span: sp(e.span()),
                kind: TypeKind::Named { path, args },
            })
            .or(optional);
        let ordered = tag
            .clone()
            .separated_by(sym(Sym::Lt))
            .at_least(2)
            .collect::<Vec<_>>()
            .map_with(|tags, e| TypeExpr {
                span: sp(e.span()),
                kind: TypeKind::Enum {
                    tags,
                    ordered: true,
                },
            });
        let union = optional
            .separated_by(sym(Sym::Bar))
            .at_least(1)
            .collect::<Vec<_>>()
            .validate(|mut alternatives: Vec<TypeExpr>, e, emitter| {
                if alternatives.len() == 1 {
                    return alternatives.remove(0);
                }
                let mut tags = Vec::new();
                for alt in alternatives {
                    match alt.kind {
                        TypeKind::Enum { tags: t, ordered: false } => tags.extend(t),
                        _ => emitter.emit(Er::custom(
                            sp_to_simple(alt.span),
                            "only text tags can be joined with `|`, as in `\"duckdb\" | \"snowflake\"`",
                        )),
                    }
                }
                TypeExpr { span: sp(e.span()), kind: TypeKind::Enum { tags, ordered: false } }
            });
        ordered
            .or(union)
            .then(sym(Sym::Arrow).ignore_then(ty).or_not())
            .map_with(|(param, result), e| match result {
                None => param,
                Some(result) => TypeExpr {
                    span: sp(e.span()),
                    kind: TypeKind::Function {
                        param: Box::new(param),
                        result: Box::new(result),
                    },
                },
            })
            .then(sym(Sym::Where).ignore_then(expr.clone()).or_not())
            .map_with(|(base, predicate), e| match predicate {
                None => base,
                Some(predicate) => TypeExpr {
                    span: sp(e.span()),
                    kind: TypeKind::Refined {
                        base: Box::new(base),
                        predicate: Box::new(predicate),
                    },
                },
            })
            .labelled("type")
            .boxed()
    })
}

fn sp_to_simple(s: Span) -> SimpleSpan {
    SimpleSpan::from(s.range())
}
