//! Builds the abstract tree the rest of the compiler reads from the
//! concrete one. Broken parts become [`ExprKind::Error`] and
//! [`TypeKind::Error`]; everything else keeps its exact span, so positions
//! in diagnostics are those of the text.

use super::ast::*;
use super::green::{Element as SyntaxElement, Kind as _, Node as SyntaxNode, Token as SyntaxToken};
use super::kind::SyntaxKind;
use super::lexer::{unescape, unescape_indented, Sym};
use super::Span;

/// The abstract tree of a file's root node.
pub(super) fn file(root: &SyntaxNode) -> Expr {
    match root.children().find(|n| is_expr(n.kind())) {
        Some(node) => expr(&node),
        None => error(span_of(root)),
    }
}

fn span_of(node: &SyntaxNode) -> Span {
    node.span()
}

fn token_span(token: &SyntaxToken) -> Span {
    token.span()
}

fn error(span: Span) -> Expr {
    Expr {
        span,
        kind: ExprKind::Error,
    }
}

/// An expression node, or an error standing for one.
fn is_expr(kind: SyntaxKind) -> bool {
    kind.is_expr() || kind == SyntaxKind::Error
}

/// A type node, or an error standing for one.
fn is_type(kind: SyntaxKind) -> bool {
    kind.is_type() || kind == SyntaxKind::Error
}

/// The node children of `node`, with the tokens (trivia left out) between.
fn significant<'a>(node: &SyntaxNode<'a>) -> impl Iterator<Item = SyntaxElement<'a>> + 'a {
    node.children_with_tokens()
        .filter(|e| !e.kind().is_trivia())
}

fn is_sym(element: &SyntaxElement, sym: Sym) -> bool {
    element.kind() == SyntaxKind::Sym(sym)
}

/// The first node after the token `sym`, if that node is `wanted`.
fn node_after<'a>(
    node: &SyntaxNode<'a>,
    sym: Sym,
    wanted: fn(SyntaxKind) -> bool,
) -> Option<SyntaxNode<'a>> {
    let mut seen = false;
    for element in significant(node) {
        if seen {
            return element.into_node().filter(|n| wanted(n.kind()));
        }
        seen = is_sym(&element, sym);
    }
    None
}

/// The expression after `sym`, or an error at the end of `node`.
fn expr_after(node: &SyntaxNode, sym: Sym) -> Expr {
    match node_after(node, sym, is_expr) {
        Some(n) => expr(&n),
        None => error(end_of(node)),
    }
}

fn end_of(node: &SyntaxNode) -> Span {
    let end = span_of(node).end();
    Span::new(end, end)
}

fn first_ident(node: &SyntaxNode) -> Option<Ident> {
    node.children_with_tokens()
        .filter_map(SyntaxElement::into_token)
        .find(|t| t.kind() == SyntaxKind::Ident)
        .map(|t| ident(&t))
}

fn ident(token: &SyntaxToken) -> Ident {
    Ident {
        name: token.text().to_string(),
        span: token_span(token),
    }
}

fn expr(node: &SyntaxNode) -> Expr {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || expr_inner(node))
}

fn expr_inner(node: &SyntaxNode) -> Expr {
    let span = span_of(node);
    let kind = match node.kind() {
        SyntaxKind::Literal => literal(node),
        SyntaxKind::Var => match first_ident(node) {
            Some(i) => ExprKind::Var(i),
            None => ExprKind::Error,
        },
        SyntaxKind::Str => ExprKind::Str(string(node)),
        SyntaxKind::Paren => match node.children().find(|n| is_expr(n.kind())) {
            Some(inner) => expr(&inner).kind,
            None => ExprKind::Error,
        },
        SyntaxKind::List => ExprKind::List(
            elements(node, |n| is_expr(n.kind()))
                .into_iter()
                .map(|(n, broken)| if broken { error(span_of(&n)) } else { expr(&n) })
                .collect(),
        ),
        SyntaxKind::Record => ExprKind::Record(
            elements(node, |n| n.kind() == SyntaxKind::Field)
                .into_iter()
                .map(|(n, broken)| field(&n, broken))
                .collect(),
        ),
        SyntaxKind::Select => return select(node, span),
        SyntaxKind::Has => {
            let target = node.children().find(|n| is_expr(n.kind()));
            let path = node
                .children()
                .find(|n| n.kind() == SyntaxKind::KeyPath)
                .map(|p| key_path(&p))
                .unwrap_or_default();
            match target {
                Some(t) if !path.is_empty() => ExprKind::Has {
                    target: Box::new(expr(&t)),
                    path,
                },
                _ => ExprKind::Error,
            }
        }
        SyntaxKind::Apply => return apply(node),
        SyntaxKind::Unary => return unary(node, span),
        SyntaxKind::Binary => return binary(node),
        SyntaxKind::Lambda => return lambda(node, span),
        SyntaxKind::Let => let_(node),
        SyntaxKind::If => {
            let cond = node
                .children()
                .find(|n| is_expr(n.kind()))
                .map_or_else(|| error(end_of(node)), |n| expr(&n));
            ExprKind::If {
                cond: Box::new(cond),
                then: Box::new(expr_after(node, Sym::Then)),
                otherwise: Box::new(expr_after(node, Sym::Else)),
            }
        }
        SyntaxKind::Annot => {
            let value = node.children().find(|n| is_expr(n.kind()));
            let ty = node_after(node, Sym::Colon, is_type);
            match (value, ty) {
                (Some(v), Some(t)) => ExprKind::Annot {
                    expr: Box::new(expr(&v)),
                    ty: Box::new(type_expr(&t)),
                },
                _ => ExprKind::Error,
            }
        }
        SyntaxKind::Import => match node.children().find(|n| n.kind() == SyntaxKind::Str) {
            Some(s) => ExprKind::Import {
                path: literal_text(string(&s)).unwrap_or_default(),
                path_span: span_of(&s),
            },
            None => ExprKind::Error,
        },
        _ => ExprKind::Error,
    };
    Expr { span, kind }
}

fn literal(node: &SyntaxNode) -> ExprKind {
    let Some(token) = node.first_token() else {
        return ExprKind::Error;
    };
    let digits = || token.text().replace('_', "");
    match token.kind() {
        SyntaxKind::Int => digits().parse().map_or(ExprKind::Error, ExprKind::Int),
        SyntaxKind::Float => digits().parse().map_or(ExprKind::Error, ExprKind::Float),
        SyntaxKind::Sym(Sym::True) => ExprKind::Bool(true),
        SyntaxKind::Sym(Sym::False) => ExprKind::Bool(false),
        SyntaxKind::Sym(Sym::Null) => ExprKind::Null,
        _ => ExprKind::Error,
    }
}

/// The elements of a list or record that `is_element`, each with whether
/// text after it was skipped before the next separator (then it is broken).
fn elements<'a>(
    node: &SyntaxNode<'a>,
    is_element: fn(&SyntaxNode) -> bool,
) -> Vec<(SyntaxNode<'a>, bool)> {
    let mut out: Vec<(SyntaxNode, bool)> = Vec::new();
    let mut after_element = false;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Node(n)
                if is_element(&n) && !(after_element && n.kind() == SyntaxKind::Error) =>
            {
                out.push((n, false));
                after_element = true;
            }
            rowan::NodeOrToken::Node(n) if n.kind() == SyntaxKind::Error => {
                if let Some(last) = out.last_mut().filter(|_| after_element) {
                    last.1 = true;
                }
            }
            rowan::NodeOrToken::Token(t)
                if matches!(t.kind(), SyntaxKind::Sym(Sym::Comma | Sym::Semicolon)) =>
            {
                after_element = false;
            }
            _ => {}
        }
    }
    out
}

fn field(node: &SyntaxNode, broken: bool) -> Field {
    let path = node
        .children()
        .find(|n| n.kind() == SyntaxKind::KeyPath)
        .map(|p| key_path(&p))
        .unwrap_or_default();
    let has_value = significant(node).any(|e| is_sym(&e, Sym::Assign));
    let value = if broken {
        error(end_of(node))
    } else if has_value {
        expr_after(node, Sym::Assign)
    } else {
        match path.last() {
            Some(k) => Expr {
                span: k.span,
                kind: ExprKind::Var(Ident {
                    name: k.name.clone(),
                    span: k.span,
                }),
            },
            None => error(span_of(node)),
        }
    };
    Field { path, value }
}

fn key_path(node: &SyntaxNode) -> Vec<Key> {
    node.children()
        .filter(|n| n.kind() == SyntaxKind::Key)
        .map(|k| key(&k))
        .collect()
}

fn key(node: &SyntaxNode) -> Key {
    let span = span_of(node);
    let name = match node.children().find(|n| n.kind() == SyntaxKind::Str) {
        Some(s) => literal_text(string(&s)).unwrap_or_default(),
        None => node
            .first_token()
            .map(|t| t.text().to_string())
            .unwrap_or_default(),
    };
    Key { name, span }
}

fn select(node: &SyntaxNode, span: Span) -> Expr {
    let mut target = None;
    let mut path = Vec::new();
    let mut default = None;
    let mut dangling_dot = false;
    let mut after_or = false;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::Sym(Sym::Dot) => {
                dangling_dot = true;
            }
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::Sym(Sym::Or) => {
                after_or = true;
            }
            rowan::NodeOrToken::Node(n) if n.kind() == SyntaxKind::Key && !after_or => {
                path.push(key(&n));
                dangling_dot = false;
            }
            rowan::NodeOrToken::Node(n) if is_expr(n.kind()) => {
                if after_or {
                    default = Some(Box::new(expr(&n)));
                } else if target.is_none() {
                    target = Some(expr(&n));
                }
            }
            _ => {}
        }
    }
    match target {
        Some(target) if !dangling_dot && !path.is_empty() => Expr {
            span,
            kind: ExprKind::Select {
                target: Box::new(target),
                path,
                default,
            },
        },
        _ => error(span),
    }
}

fn apply(node: &SyntaxNode) -> Expr {
    let mut parts = node.children().filter(|n| is_expr(n.kind()));
    let Some(func) = parts.next() else {
        return error(span_of(node));
    };
    parts.fold(expr(&func), |func, arg| {
        let arg = expr(&arg);
        Expr {
            span: func.span.join(arg.span),
            kind: ExprKind::Apply {
                func: Box::new(func),
                arg: Box::new(arg),
            },
        }
    })
}

fn unary(node: &SyntaxNode, span: Span) -> Expr {
    let ops: Vec<(UnaryOp, Span)> = significant(node)
        .filter_map(SyntaxElement::into_token)
        .filter_map(|t| match t.kind() {
            SyntaxKind::Sym(Sym::Minus) => Some((UnaryOp::Neg, token_span(&t))),
            SyntaxKind::Sym(Sym::Bang) => Some((UnaryOp::Not, token_span(&t))),
            _ => None,
        })
        .collect();
    let operand = match node.children().find(|n| is_expr(n.kind())) {
        Some(n) => expr(&n),
        None => error(Span::new(span.end(), span.end())),
    };
    ops.into_iter()
        .rev()
        .fold(operand, |operand, (op, at)| Expr {
            span: at.join(operand.span),
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
        })
}

fn binary_op(sym: Sym) -> Option<BinaryOp> {
    Some(match sym {
        Sym::Pipe => BinaryOp::Pipe,
        Sym::OrOr => BinaryOp::Or,
        Sym::AndAnd => BinaryOp::And,
        Sym::EqEq => BinaryOp::Eq,
        Sym::NotEq => BinaryOp::NotEq,
        Sym::Lt => BinaryOp::Lt,
        Sym::Le => BinaryOp::Le,
        Sym::Gt => BinaryOp::Gt,
        Sym::Ge => BinaryOp::Ge,
        Sym::SlashSlash => BinaryOp::Merge,
        Sym::Amp => BinaryOp::DeepMerge,
        Sym::Extends => BinaryOp::Extends,
        Sym::PlusPlus => BinaryOp::Concat,
        Sym::Plus => BinaryOp::Add,
        Sym::Minus => BinaryOp::Sub,
        Sym::Star => BinaryOp::Mul,
        Sym::Slash => BinaryOp::Div,
        Sym::Percent => BinaryOp::Rem,
        _ => return None,
    })
}

/// Operands and operators of one level, folded to the left.
fn binary(node: &SyntaxNode) -> Expr {
    let mut lhs: Option<Expr> = None;
    let mut pending: Option<(BinaryOp, Span)> = None;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Node(n) if is_expr(n.kind()) => {
                let operand = expr(&n);
                lhs = Some(match (lhs.take(), pending.take()) {
                    (Some(l), Some((op, op_span))) => join(op, op_span, l, operand),
                    (Some(l), None) => l,
                    (None, _) => operand,
                });
            }
            rowan::NodeOrToken::Token(t) => {
                if let SyntaxKind::Sym(sym) = t.kind() {
                    if let Some(op) = binary_op(sym) {
                        if let Some((op, op_span)) = pending.take() {
                            // Two operators in a row: the operand between is missing.
                            let missing = error(Span::new(op_span.end(), op_span.end()));
                            lhs = lhs.map(|l| join(op, op_span, l, missing));
                        }
                        pending = Some((op, token_span(&t)));
                    }
                }
            }
            _ => {}
        }
    }
    let lhs = lhs.unwrap_or_else(|| error(span_of(node)));
    match pending {
        Some((op, op_span)) => {
            let missing = error(Span::new(op_span.end(), op_span.end()));
            join(op, op_span, lhs, missing)
        }
        None => lhs,
    }
}

fn join(op: BinaryOp, op_span: Span, lhs: Expr, rhs: Expr) -> Expr {
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

fn lambda(node: &SyntaxNode, span: Span) -> Expr {
    let mut params: Vec<Param> = Vec::new();
    let mut bind_next = false;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Node(n) => match n.kind() {
                SyntaxKind::ParamName => {
                    if let Some(i) = first_ident(&n) {
                        params.push(Param::Name(i));
                    }
                }
                SyntaxKind::ParamTyped => {
                    let name = first_ident(&n).unwrap_or(Ident {
                        name: String::new(),
                        span: span_of(&n),
                    });
                    let ty = node_after(&n, Sym::Colon, is_type)
                        .map_or_else(|| type_error(end_of(&n)), |t| type_expr(&t));
                    params.push(Param::Typed { name, ty });
                }
                SyntaxKind::Pattern => params.push(pattern(&n)),
                _ => {}
            },
            rowan::NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::Sym(Sym::At) => bind_next = true,
                SyntaxKind::Ident if bind_next => {
                    bind_next = false;
                    if let Some(Param::Record { bind, .. }) = params.last_mut() {
                        *bind = Some(ident(&t));
                    }
                }
                SyntaxKind::Sym(Sym::Arrow) => break,
                _ => {}
            },
        }
    }
    let body = expr_after(node, Sym::Arrow);
    if params.is_empty() {
        return error(span);
    }
    params.into_iter().rev().fold(body, |body, param| Expr {
        span,
        kind: ExprKind::Lambda {
            param,
            body: Box::new(body),
        },
    })
}

/// The fields of a record pattern or record type (built by `field`) and
/// whether it is open; fields after `..` have been reported and are left out.
fn open_fields<T>(
    node: &SyntaxNode,
    kind: SyntaxKind,
    field: impl Fn(&SyntaxNode) -> Option<T>,
) -> (Vec<T>, bool) {
    let mut fields = Vec::new();
    let mut open = false;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::Sym(Sym::DotDot) => {
                open = true;
            }
            rowan::NodeOrToken::Node(n) if n.kind() == kind && !open => {
                fields.extend(field(&n));
            }
            _ => {}
        }
    }
    (fields, open)
}

fn pattern(node: &SyntaxNode) -> Param {
    let (fields, open) = open_fields(node, SyntaxKind::PatField, |n| {
        Some(PatField {
            name: first_ident(n)?,
            ty: node_after(n, Sym::Colon, is_type).map(|t| type_expr(&t)),
            default: node_after(n, Sym::Assign, is_expr).map(|e| expr(&e)),
        })
    });
    Param::Record {
        fields,
        open,
        bind: None,
        span: span_of(node),
    }
}

fn let_(node: &SyntaxNode) -> ExprKind {
    let mut bindings = Vec::new();
    let mut after_binding = false;
    for element in significant(node) {
        match element {
            rowan::NodeOrToken::Node(n) => match n.kind() {
                SyntaxKind::Binding => {
                    let Some(name) = first_ident(&n) else {
                        continue;
                    };
                    let has_value = significant(&n).any(|e| is_sym(&e, Sym::Assign));
                    let value = if has_value {
                        expr_after(&n, Sym::Assign)
                    } else {
                        error(end_of(&n))
                    };
                    bindings.push(Binding {
                        name,
                        kind: BindingKind::Value {
                            ty: node_after(&n, Sym::Colon, is_type).map(|t| type_expr(&t)),
                            value,
                        },
                    });
                    after_binding = true;
                }
                SyntaxKind::TypeBinding => {
                    let Some(name) = first_ident(&n) else {
                        continue;
                    };
                    let ty = node_after(&n, Sym::Assign, is_type)
                        .map_or_else(|| type_error(end_of(&n)), |t| type_expr(&t));
                    bindings.push(Binding {
                        name,
                        kind: BindingKind::Type(ty),
                    });
                    after_binding = true;
                }
                SyntaxKind::Error if after_binding => {
                    // Text skipped after a binding: its value is broken.
                    if let Some(Binding {
                        kind: BindingKind::Value { value, .. },
                        ..
                    }) = bindings.last_mut()
                    {
                        *value = error(value.span.join(span_of(&n)));
                    }
                }
                _ => {}
            },
            rowan::NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::Sym(Sym::Comma | Sym::Semicolon) => after_binding = false,
                SyntaxKind::Sym(Sym::In) => break,
                _ => {}
            },
        }
    }
    ExprKind::Let {
        bindings,
        body: Box::new(expr_after(node, Sym::In)),
    }
}

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

/// The parts of a string node: text with escapes applied (indented strings
/// dedented), and interpolations.
fn string(node: &SyntaxNode) -> Vec<StrPart> {
    let indented = node
        .first_token()
        .is_some_and(|t| t.kind() == SyntaxKind::IndQuote);
    let mut raw: Vec<(Option<String>, Option<Expr>)> = Vec::new();
    for element in node.children_with_tokens() {
        match element {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::StrText => {
                raw.push((Some(t.text().to_string()), None));
            }
            rowan::NodeOrToken::Node(n) if n.kind() == SyntaxKind::Interp => {
                let inner = n
                    .children()
                    .find(|c| is_expr(c.kind()))
                    .map_or_else(|| error(span_of(&n)), |c| expr(&c));
                raw.push((None, Some(inner)));
            }
            _ => {}
        }
    }
    if indented {
        return dedent(raw.iter().map(|(t, e)| (t.as_deref(), e.clone())).collect());
    }
    raw.into_iter()
        .filter_map(|(t, e)| match (t, e) {
            (Some(t), _) => Some(StrPart::Text(unescape(&t))),
            (None, Some(e)) => Some(StrPart::Interp(e)),
            _ => None,
        })
        .collect()
}

fn type_error(span: Span) -> TypeExpr {
    TypeExpr {
        span,
        kind: TypeKind::Error,
    }
}

fn type_expr(node: &SyntaxNode) -> TypeExpr {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || type_inner(node))
}

fn type_path(node: &SyntaxNode) -> Vec<Ident> {
    node.children_with_tokens()
        .filter_map(SyntaxElement::into_token)
        .filter(|t| t.kind() == SyntaxKind::Ident)
        .map(|t| ident(&t))
        .collect()
}

fn tag(node: &SyntaxNode) -> Key {
    let name = node
        .children()
        .find(|n| n.kind() == SyntaxKind::Str)
        .and_then(|s| literal_text(string(&s)))
        .unwrap_or_default();
    Key {
        name,
        span: span_of(node),
    }
}

fn type_inner(node: &SyntaxNode) -> TypeExpr {
    let span = span_of(node);
    let types = || node.children().filter(|n| is_type(n.kind()));
    let kind = match node.kind() {
        SyntaxKind::TypePath => TypeKind::Named {
            path: type_path(node),
            args: Vec::new(),
        },
        SyntaxKind::TypeApply => {
            let path = node
                .children()
                .find(|n| n.kind() == SyntaxKind::TypePath)
                .map(|p| type_path(&p))
                .unwrap_or_default();
            TypeKind::Named {
                path,
                args: types().skip(1).map(|t| type_expr(&t)).collect(),
            }
        }
        SyntaxKind::TypeTag => TypeKind::Enum {
            tags: vec![tag(node)],
            ordered: false,
        },
        SyntaxKind::TypeOrdered => TypeKind::Enum {
            tags: node
                .children()
                .filter(|n| n.kind() == SyntaxKind::TypeTag)
                .map(|n| tag(&n))
                .collect(),
            ordered: true,
        },
        SyntaxKind::TypeUnion => {
            let mut tags = Vec::new();
            for alternative in types() {
                if let TypeKind::Enum {
                    tags: t,
                    ordered: false,
                } = type_expr(&alternative).kind
                {
                    tags.extend(t);
                }
            }
            TypeKind::Enum {
                tags,
                ordered: false,
            }
        }
        SyntaxKind::TypeOptional => {
            let Some(inner) = types().next() else {
                return type_error(span);
            };
            let marks: Vec<Span> = significant(node)
                .filter_map(SyntaxElement::into_token)
                .filter(|t| t.kind() == SyntaxKind::Sym(Sym::Question))
                .map(|t| token_span(&t))
                .collect();
            return marks.into_iter().fold(type_expr(&inner), |t, at| TypeExpr {
                span: t.span.join(at),
                kind: TypeKind::Optional(Box::new(t)),
            });
        }
        SyntaxKind::TypeRecord => {
            let (fields, open) = open_fields(node, SyntaxKind::TypeField, type_field);
            TypeKind::Record { fields, open }
        }
        SyntaxKind::TypeFunction => {
            let mut parts = types();
            match (parts.next(), node_after(node, Sym::Arrow, is_type)) {
                (Some(p), Some(r)) => TypeKind::Function {
                    param: Box::new(type_expr(&p)),
                    result: Box::new(type_expr(&r)),
                },
                _ => TypeKind::Error,
            }
        }
        SyntaxKind::TypeRefined => match (types().next(), node_after(node, Sym::Where, is_expr)) {
            (Some(b), Some(p)) => TypeKind::Refined {
                base: Box::new(type_expr(&b)),
                predicate: Box::new(expr(&p)),
            },
            _ => TypeKind::Error,
        },
        SyntaxKind::TypeParen => match types().next() {
            Some(inner) => type_expr(&inner).kind,
            None => TypeKind::Error,
        },
        _ => TypeKind::Error,
    };
    TypeExpr { span, kind }
}

fn type_field(node: &SyntaxNode) -> Option<FieldType> {
    let name = key(&node.children().find(|n| n.kind() == SyntaxKind::Key)?);
    let mode = node
        .children()
        .find(|n| n.kind() == SyntaxKind::FieldMode)
        .map_or(Mode::Override, |m| field_mode(&m));
    let ty = node_after(node, Sym::Colon, is_type)
        .map_or_else(|| type_error(end_of(node)), |t| type_expr(&t));
    let over = node
        .children()
        .find(|n| n.kind() == SyntaxKind::Over)
        .and_then(|o| o.children().find(|n| n.kind() == SyntaxKind::TypePath))
        .map(|p| type_path(&p))
        .unwrap_or_default();
    let default = node_after(node, Sym::Assign, is_expr).map(|e| expr(&e));
    Some(FieldType {
        mode,
        name,
        ty,
        over,
        default,
    })
}

fn field_mode(node: &SyntaxNode) -> Mode {
    let words: Vec<String> = node
        .children_with_tokens()
        .filter_map(SyntaxElement::into_token)
        .filter(|t| t.kind() == SyntaxKind::Ident)
        .map(|t| t.text().to_string())
        .collect();
    match words.first().map(String::as_str) {
        Some("final") => Mode::Final,
        Some("subset") => Mode::Subset,
        Some("append") => Mode::Append,
        Some("required") => Mode::Required,
        Some("stronger") => Mode::Stronger {
            lower: words.get(1).is_some_and(|w| w == "lower"),
        },
        _ => Mode::Override,
    }
}

/// Removes the indentation common to all lines of an indented string, the
/// first line when it is blank, and the last line when it is only spaces.
pub(super) fn dedent(parts: Vec<(Option<&str>, Option<Expr>)>) -> Vec<StrPart> {
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
