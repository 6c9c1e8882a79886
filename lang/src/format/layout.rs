//! The layout of the file, its expressions, and the groups shared by
//! expressions and types (records, lists, patterns, record types, `let`).

use pretty::RcDoc;

use super::pieces::{
    hardline, has_comment, if_broken, kids, line, line_, notes_doc, own_lines, sep_before, text,
    verbatim, Kid, Note,
};
use super::{types, Doc};
use crate::syntax::kind::SyntaxKind;
use crate::syntax::lexer::Sym;
use crate::syntax::{SyntaxElement, SyntaxNode};

/// How far a broken group indents its elements.
pub(super) const INDENT: isize = 2;

/// The whole file: its leading comments, the expression, and the comments
/// after it.
pub(super) fn root(node: &SyntaxNode) -> Doc {
    let (kids, after) = kids(node);
    let mut doc = RcDoc::nil();
    for kid in &kids {
        doc = doc.append(own_lines(&kid.notes));
        if !kid.notes.is_empty() && kid.gap {
            doc = doc.append(hardline());
        }
        doc = doc.append(element(&kid.el));
    }
    for (i, note) in after.iter().enumerate() {
        doc = if i == 0 && note.trailing {
            doc.append(text(" "))
        } else if note.blank {
            doc.append(hardline()).append(hardline())
        } else {
            doc.append(hardline())
        };
        doc = doc.append(text(note.text.clone()));
    }
    doc
}

/// A child: a node laid out, a token as written.
pub(super) fn element(el: &SyntaxElement) -> Doc {
    match el {
        rowan::NodeOrToken::Node(n) => node(n),
        rowan::NodeOrToken::Token(t) => verbatim(t.text()),
    }
}

/// A kid laid out.
pub(super) fn kid(k: &Kid) -> Doc {
    element(&k.el)
}

/// A node laid out, with its stack grown as the tree nests.
pub(super) fn node(n: &SyntaxNode) -> Doc {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || node_inner(n))
}

fn node_inner(n: &SyntaxNode) -> Doc {
    use crate::syntax::lexer::Sym::{Arrow, Assign};
    use SyntaxKind::*;
    match n.kind() {
        Literal | Var | Key | KeyPath | ParamName => tight(n),
        Str => verbatim(&n.text().to_string()),
        List => group_list(n, false),
        Record | Pattern => group_list(n, true),
        Field | Binding | PatField => headed(n, Assign),
        Select => select(n),
        Has | Annot | Import | ParamTyped => spaced(n),
        Apply => apply(n),
        Unary => joined(n, RcDoc::nil),
        Binary => chain(n),
        Lambda => headed(n, Arrow),
        Let => let_(n),
        If => if_(n),
        Paren => paren(n),
        kind if kind.is_type() || matches!(kind, TypeField | TypeBinding | FieldMode | Over) => {
            types::node(n)
        }
        // A file with an error is never formatted; anything else unknown
        // is kept as written.
        _ => verbatim(&n.text().to_string()),
    }
}

/// Tokens written together, white space dropped: `a.b`, `x`, `m.Service`.
/// With a comment inside, the node is kept as written.
pub(super) fn tight(n: &SyntaxNode) -> Doc {
    if has_comment(n) {
        return verbatim(&n.text().to_string());
    }
    let mut out = String::new();
    tight_into(n, &mut out);
    verbatim(&out)
}

fn tight_into(n: &SyntaxNode, out: &mut String) {
    for el in n.children_with_tokens() {
        match el {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::Whitespace => {}
            rowan::NodeOrToken::Token(t) => out.push_str(t.text()),
            rowan::NodeOrToken::Node(c) if c.kind() == SyntaxKind::Str => {
                out.push_str(&c.text().to_string());
            }
            rowan::NodeOrToken::Node(c) => tight_into(&c, out),
        }
    }
}

/// The kids joined by `sep` (or by the comments between them).
pub(super) fn joined(n: &SyntaxNode, sep: fn() -> Doc) -> Doc {
    let (kids, after) = kids(n);
    let mut doc = RcDoc::nil();
    for (i, k) in kids.iter().enumerate() {
        if i > 0 {
            doc = doc.append(sep_before(k, sep()));
        } else if !k.notes.is_empty() {
            doc = doc.append(notes_doc(&k.notes));
        }
        doc = doc.append(kid(k));
    }
    doc.append(notes_doc(&after))
}

/// The kids joined by single spaces: `e ? a.b`, `e : T`, `import "x"`,
/// `(x : T)` (whose parentheses hug).
fn spaced(n: &SyntaxNode) -> Doc {
    if n.kind() != SyntaxKind::ParamTyped {
        return joined(n, || text(" "));
    }
    let (kids, after) = kids(n);
    let mut doc = RcDoc::nil();
    let last = kids.len().saturating_sub(1);
    for (i, k) in kids.iter().enumerate() {
        let hugging = i == 1 || i == last;
        if i > 0 {
            let sep = if hugging { RcDoc::nil() } else { text(" ") };
            doc = doc.append(sep_before(k, sep));
        }
        doc = doc.append(kid(k));
    }
    doc.append(notes_doc(&after))
}

/// Whether the kid is a token of `sym`.
pub(super) fn is(k: &Kid, sym: Sym) -> bool {
    k.kind() == SyntaxKind::Sym(sym)
}

/// Whether a value that ends in this node may start on the line of what
/// comes before it (`key = {`, `f x [`, `\x -> {`): it breaks inside.
pub(super) fn hugs(k: &Kid) -> bool {
    let Some(n) = k.node() else {
        return false;
    };
    block(n)
        || match n.kind() {
            SyntaxKind::Lambda => true,
            SyntaxKind::Apply => n.last_child().is_some_and(|c| block(&c)),
            // `type T = { … } where check`.
            SyntaxKind::TypeRefined => n.first_child().is_some_and(|c| block(&c)),
            // `a // {`: one operator only; a longer chain breaks before each.
            SyntaxKind::Binary => {
                n.children().count() == 2 && n.last_child().is_some_and(|c| block(&c))
            }
            _ => false,
        }
}

/// A bracketed group, or a string on several lines.
fn block(n: &SyntaxNode) -> bool {
    match n.kind() {
        SyntaxKind::Record | SyntaxKind::List | SyntaxKind::TypeRecord => true,
        SyntaxKind::Str => n.text().contains_char('\n'),
        _ => false,
    }
}

/// What follows `=` or `->`: on the same line when it hugs, else on the
/// next line, indented, when it does not fit.
pub(super) fn after_head(head: Doc, value: &Kid) -> Doc {
    let v = kid(value);
    if !value.notes.is_empty() {
        head.append(notes_doc(&value.notes).append(v).nest(INDENT))
    } else if hugs(value) {
        head.append(text(" ")).append(v)
    } else {
        head.append(line().append(v).nest(INDENT).group())
    }
}

/// The kids before `sym` joined by spaces (`\` hugs what follows it),
/// then `sym` and the value after it: `a.b = v`, `x : T = v`,
/// `\x y -> body`, `final name : T = d`. Without `sym`, the kids alone (a
/// punned field).
pub(super) fn headed(n: &SyntaxNode, sym: Sym) -> Doc {
    let (kids, after) = kids(n);
    let at = kids.iter().position(|k| is(k, sym));
    let mut head = RcDoc::nil();
    for (i, k) in kids.iter().take(at.unwrap_or(kids.len())).enumerate() {
        let hugged = i == 1 && kids.first().is_some_and(|f| is(f, Sym::Backslash));
        let sep = if hugged { RcDoc::nil() } else { text(" ") };
        if i > 0 {
            head = head.append(sep_before(k, sep));
        }
        head = head.append(kid(k));
    }
    let doc = match at.and_then(|i| kids.get(i).map(|k| (i, k))) {
        Some((i, sym_kid)) => {
            let head = head
                .append(sep_before(sym_kid, text(" ")))
                .append(kid(sym_kid));
            match kids.get(i + 1) {
                Some(value) => after_head(head, value),
                None => head,
            }
        }
        None => head,
    };
    doc.append(notes_doc(&after))
}

/// `e.a.b`, `e.a or d`.
fn select(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let mut doc = RcDoc::nil();
    let mut defaulted = false;
    for (i, k) in kids.iter().enumerate() {
        let sep = if is(k, Sym::Or) || defaulted {
            text(" ")
        } else {
            RcDoc::nil()
        };
        if is(k, Sym::Or) {
            defaulted = true;
        }
        if i > 0 {
            doc = doc.append(sep_before(k, sep));
        }
        doc = doc.append(kid(k));
    }
    doc.append(notes_doc(&after))
}

/// `f x y`: arguments on the function's line when they fit, else one per
/// line, indented; a record or list last stays on the line and breaks
/// inside.
fn apply(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let Some((first, args)) = kids.split_first() else {
        return RcDoc::nil();
    };
    let last_hugs = args
        .last()
        .is_some_and(|k| k.notes.is_empty() && k.node().is_some_and(block));
    let (spread, hugged) = match args.split_last() {
        Some((last, rest)) if last_hugs => (rest, Some(last)),
        _ => (args, None),
    };
    let mut rest = RcDoc::nil();
    for k in spread {
        rest = rest.append(sep_before(k, line())).append(kid(k));
    }
    let mut doc = kid(first).append(rest.nest(INDENT)).group();
    if let Some(last) = hugged {
        doc = doc.append(text(" ")).append(kid(last));
    }
    doc.append(notes_doc(&after))
}

/// Operands joined by operators: on one line when they fit, else one
/// operator and its operand per line, indented. `a // { … }` keeps the
/// record on the line.
fn chain(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let Some((first, rest)) = kids.split_first() else {
        return RcDoc::nil();
    };
    let hug = rest.len() == 2 && rest.iter().all(|k| k.notes.is_empty()) && {
        rest.get(1).and_then(Kid::node).is_some_and(block)
    };
    let mut tail_doc = RcDoc::nil();
    for pair in rest.chunks(2) {
        let (op, operand) = (pair.first(), pair.get(1));
        if let Some(op) = op {
            let sep = if hug { text(" ") } else { line() };
            tail_doc = tail_doc.append(sep_before(op, sep)).append(kid(op));
        }
        if let Some(operand) = operand {
            tail_doc = tail_doc
                .append(sep_before(operand, text(" ")))
                .append(kid(operand));
        }
    }
    let doc = if hug {
        kid(first).append(tail_doc)
    } else {
        kid(first).append(tail_doc.nest(INDENT)).group()
    };
    doc.append(notes_doc(&after))
}

/// `( e )`: hugging a lambda or a bracketed group, else breaking inside
/// when the expression does not fit.
fn paren(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let (Some(open), Some(inner), Some(close)) = (kids.first(), kids.get(1), kids.get(2)) else {
        return verbatim(&n.text().to_string());
    };
    let hug = inner.notes.is_empty() && close.notes.is_empty() && hugs(inner);
    let doc = if hug {
        kid(open).append(kid(inner)).append(kid(close))
    } else {
        let body = sep_before(inner, line_()).append(kid(inner)).nest(INDENT);
        kid(open)
            .append(body)
            .append(sep_before(close, line_()))
            .append(kid(close))
            .group()
    };
    doc.append(notes_doc(&after))
}

/// `if c then a else b`, with `else if` chains kept flat: one line when it
/// fits, else every branch on a line of its own, indented.
fn if_(n: &SyntaxNode) -> Doc {
    let mut doc = RcDoc::nil();
    let mut current = n.clone();
    loop {
        let (kids, after) = kids(&current);
        let mut next = None;
        for (i, k) in kids.iter().enumerate() {
            let is_else_if = is_chained_if(&kids, i);
            match (i, k.kind()) {
                (0, _) => doc = doc.append(kid(k)),
                (_, SyntaxKind::Sym(Sym::Then)) => {
                    doc = doc.append(sep_before(k, text(" "))).append(kid(k));
                }
                (_, SyntaxKind::Sym(Sym::Else)) => {
                    doc = doc.append(sep_before(k, line())).append(kid(k));
                }
                _ if i == 1 => doc = doc.append(sep_before(k, text(" "))).append(kid(k)),
                _ if is_else_if => {
                    doc = doc.append(text(" "));
                    next = k.node().cloned();
                }
                _ => {
                    let branch = sep_before(k, line()).append(kid(k)).nest(INDENT);
                    doc = doc.append(branch);
                }
            }
        }
        doc = doc.append(notes_doc(&after));
        match next {
            Some(inner) => current = inner,
            None => break,
        }
    }
    doc.group()
}

/// Whether kid `i` is an `if` that is the `else` branch, written without a
/// comment before it: its `if` continues the chain.
fn is_chained_if(kids: &[Kid], i: usize) -> bool {
    let Some(k) = kids.get(i) else {
        return false;
    };
    i > 0
        && k.kind() == SyntaxKind::If
        && k.notes.is_empty()
        && kids.get(i - 1).is_some_and(|p| is(p, Sym::Else))
}

/// An element of a group, with the comments that go with it.
struct Entry {
    /// Comments on the lines before it.
    leading: Vec<Note>,
    doc: Doc,
    /// A comment at the end of its line.
    trailing: Option<Note>,
    /// A blank line before it (or before its first comment).
    blank: bool,
    /// `..`, which takes no comma after it.
    rest: bool,
}

/// The elements between an opener and `closer` (the last of `kids`):
/// each element with its comments, and the comments before the closer.
fn entries(kids: &[Kid], item: fn(&Kid) -> Doc) -> (Vec<Entry>, Vec<Note>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut pending: Vec<Note> = Vec::new();
    let mut pending_blank = false;
    let last = kids.len().saturating_sub(1);
    for (i, k) in kids.iter().enumerate() {
        let mut notes = k.notes.iter().cloned();
        // A comment on the line of the element before belongs to it.
        if let Some(first) = k.notes.first() {
            if first.trailing {
                match entries.last_mut() {
                    Some(e) if e.trailing.is_none() && pending.is_empty() => {
                        e.trailing = Some(first.clone());
                        notes.next();
                    }
                    _ => {}
                }
            }
        }
        let notes: Vec<Note> = notes.collect();
        if pending.is_empty() {
            pending_blank = notes.first().is_some_and(|n| n.blank);
        }
        pending.extend(notes);
        if is(k, Sym::Comma) {
            continue;
        }
        if i == last {
            break;
        }
        let blank = if pending.is_empty() {
            k.gap
        } else {
            pending_blank
        };
        entries.push(Entry {
            leading: std::mem::take(&mut pending),
            doc: item(k),
            trailing: None,
            blank,
            rest: is(k, Sym::DotDot),
        });
    }
    (entries, pending)
}

/// Whether the entries must be laid out one per line: they carry comments
/// or blank lines.
fn forced(entries: &[Entry], dangling: &[Note]) -> bool {
    !dangling.is_empty()
        || entries
            .iter()
            .enumerate()
            .any(|(i, e)| !e.leading.is_empty() || e.trailing.is_some() || (e.blank && i > 0))
}

/// The entries one per line, each ending in a comma, with their comments.
fn broken(entries: Vec<Entry>, dangling: &[Note]) -> Doc {
    let mut body = RcDoc::nil();
    let had_entries = !entries.is_empty();
    for (i, e) in entries.into_iter().enumerate() {
        body = body.append(hardline());
        if e.blank && i > 0 {
            body = body.append(hardline());
        }
        body = body.append(own_lines(&e.leading)).append(e.doc);
        if !e.rest {
            body = body.append(text(","));
        }
        if let Some(note) = e.trailing {
            body = body.append(text(" ")).append(text(note.text));
        }
    }
    for (i, note) in dangling.iter().enumerate() {
        body = body.append(hardline());
        if note.blank && (i > 0 || had_entries) {
            body = body.append(hardline());
        }
        body = body.append(text(note.text.clone()));
    }
    body.nest(INDENT)
}

/// The entries on one line when they fit, else one per line with a
/// trailing comma.
fn fitted(entries: Vec<Entry>, spaced: bool) -> (Doc, Doc) {
    let edge = if spaced { line() } else { line_() };
    let comma = !entries.last().is_some_and(|e| e.rest);
    let items = RcDoc::intersperse(entries.into_iter().map(|e| e.doc), text(",").append(line()));
    let body = edge
        .clone()
        .append(items)
        .append(if comma { if_broken(",") } else { RcDoc::nil() })
        .nest(INDENT);
    (body, edge)
}

/// `[a, b]`, `{ a = 1 }`, `{ a, .. }`, `{ name : T }`: one line when it
/// fits, else one element per line. A list of one record or list hugs it:
/// `[{ … }]`.
pub(super) fn group_list(n: &SyntaxNode, spaced: bool) -> Doc {
    let (kids, after) = kids(n);
    let Some((open, rest)) = kids.split_first() else {
        return RcDoc::nil();
    };
    let close = rest.last().map(kid).unwrap_or_else(RcDoc::nil);
    let item: fn(&Kid) -> Doc = kid;
    let (entries, dangling) = entries(rest, item);
    let doc = if entries.is_empty() && dangling.is_empty() {
        kid(open).append(close)
    } else if forced(&entries, &dangling) {
        kid(open)
            .append(broken(entries, &dangling))
            .append(hardline())
            .append(close)
    } else if n.kind() == SyntaxKind::List && entries.len() == 1 && hugged_item(rest) {
        let mut entries = entries;
        let only = entries.pop().map(|e| e.doc).unwrap_or_else(RcDoc::nil);
        kid(open).append(only).append(close)
    } else {
        let (body, edge) = fitted(entries, spaced);
        kid(open).append(body).append(edge).append(close).group()
    };
    doc.append(notes_doc(&after))
}

/// Whether the one element of a list is a record or a list.
fn hugged_item(rest: &[Kid]) -> bool {
    rest.first()
        .and_then(Kid::node)
        .is_some_and(|n| matches!(n.kind(), SyntaxKind::Record | SyntaxKind::List))
}

/// `let a = 1, b = 2 in body`: on one line when it fits; else the bindings
/// one per line under `let`, `in` on a line of its own and the body after
/// it, not indented (a record or list body opens on the line of `in`). A
/// short `let x = … in` stays on one line above a long body.
fn let_(n: &SyntaxNode) -> Doc {
    let (kids, after) = kids(n);
    let Some(in_at) = kids.iter().position(|k| is(k, Sym::In)) else {
        return verbatim(&n.text().to_string());
    };
    let (Some(let_kw), Some(in_kw)) = (kids.first(), kids.get(in_at)) else {
        return verbatim(&n.text().to_string());
    };
    let between = kids.get(1..=in_at).unwrap_or(&[]);
    let item: fn(&Kid) -> Doc = kid;
    let (entries, dangling) = entries(between, item);
    let head = if forced(&entries, &dangling) {
        kid(let_kw)
            .append(broken(entries, &dangling))
            .append(hardline())
            .append(kid(in_kw))
    } else {
        let (body, edge) = fitted(entries, true);
        kid(let_kw)
            .append(body)
            .append(edge)
            .append(kid(in_kw))
            .group()
    };
    let doc = match kids.get(in_at + 1) {
        // `in {` : a record or list body opens on the line of `in`.
        Some(body) if body.notes.is_empty() && body.node().is_some_and(block) => {
            head.append(text(" ")).append(kid(body))
        }
        Some(body) => head
            .append(sep_before(body, line()))
            .append(kid(body))
            .group(),
        None => head,
    };
    doc.append(notes_doc(&after))
}
