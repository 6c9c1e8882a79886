//! The structure of a file, read from its concrete tree alone (so it is
//! there on a half-typed file and costs no analysis): the outline of
//! bindings, types and fields, the regions an editor can fold, the nested
//! ranges a selection grows through, and the imports as links.

use rowan::TextSize;

use crate::db::{Database, Db, SourceFile};
use crate::syntax::views::{Binding, Field, Record, Str, TypeBinding, TypeField, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode};

/// What a symbol of the outline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A `let` binding of a value.
    Binding,
    /// A `let` binding of a function.
    Function,
    /// A `let type` binding.
    Type,
    /// A field of a record value.
    Field,
    /// A field of a record type.
    TypeField,
}

/// One entry of the outline, with what is nested in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The name (a field's whole key path, `governance.retention_days`).
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// The whole definition.
    pub span: Span,
    /// The name as written.
    pub name_span: Span,
    /// The symbols inside its value.
    pub children: Vec<Symbol>,
}

/// What a folding region holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A bracketed group, a `let`, a multi-line string.
    Region,
    /// A run of comment lines.
    Comment,
}

/// A region an editor can fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// The region.
    pub span: Span,
    /// What it holds.
    pub kind: FoldKind,
}

fn span(node: &SyntaxNode) -> Span {
    node.text_range().into()
}

pub(super) fn symbols(db: &dyn Db, file: SourceFile) -> Vec<Symbol> {
    let root = crate::db::parse(db, file).tree.root();
    // Outlines nest as deeply as the file does.
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || nested(&root))
}

/// The symbols of the nodes below `node`, outermost first.
fn nested(node: &SyntaxNode) -> Vec<Symbol> {
    let mut out = Vec::new();
    for child in node.children() {
        let symbol = match child.kind() {
            SyntaxKind::Binding => Binding::cast(child.clone()).and_then(|b| {
                let name = b.name()?;
                let function = b
                    .value()
                    .is_some_and(|v| v.syntax().kind() == SyntaxKind::Lambda);
                let kind = if function {
                    SymbolKind::Function
                } else {
                    SymbolKind::Binding
                };
                Some((name.text().to_string(), kind, name.text_range().into()))
            }),
            SyntaxKind::TypeBinding => TypeBinding::cast(child.clone()).and_then(|b| {
                let name = b.name()?;
                Some((
                    name.text().to_string(),
                    SymbolKind::Type,
                    name.text_range().into(),
                ))
            }),
            SyntaxKind::Field => Field::cast(child.clone()).and_then(|f| {
                let path = f.key_path()?;
                let keys: Vec<String> = path.keys().map(|k| k.text()).collect();
                (!keys.is_empty()).then(|| (keys.join("."), SymbolKind::Field, span(path.syntax())))
            }),
            SyntaxKind::TypeField => TypeField::cast(child.clone()).and_then(|f| {
                let key = f.key()?;
                Some((key.text(), SymbolKind::TypeField, span(key.syntax())))
            }),
            // Interpolations hold expressions, not definitions worth listing.
            SyntaxKind::Str => None,
            _ => {
                out.extend(nested(&child));
                continue;
            }
        };
        if let Some((name, kind, name_span)) = symbol {
            out.push(Symbol {
                name,
                kind,
                span: span(&child),
                name_span,
                children: nested(&child),
            });
        }
    }
    out
}

pub(super) fn folds(db: &dyn Db, file: SourceFile) -> Vec<Fold> {
    let parse = crate::db::parse(db, file);
    let text = file.text(db);
    let spans_lines = |s: Span| {
        text.get(s.range())
            .is_some_and(|t| t.trim_end().contains('\n'))
    };
    let mut out: Vec<Fold> = parse
        .tree
        .root()
        .descendants()
        .filter(|n| {
            matches!(
                n.kind(),
                SyntaxKind::Record
                    | SyntaxKind::List
                    | SyntaxKind::Let
                    | SyntaxKind::TypeRecord
                    | SyntaxKind::Str
                    | SyntaxKind::Paren
                    | SyntaxKind::Lambda
            )
        })
        .map(|n| span(&n))
        .filter(|s| spans_lines(*s))
        .map(|span| Fold {
            span,
            kind: FoldKind::Region,
        })
        .collect();
    // Comments on consecutive lines fold together.
    let mut run: Option<Span> = None;
    for comment in &parse.comments {
        let this: Span = comment.span;
        run = match run {
            Some(r)
                if text
                    .get(r.end()..this.start())
                    .is_some_and(|gap| gap.trim().is_empty() && gap.matches('\n').count() == 1) =>
            {
                Some(r.join(this))
            }
            Some(r) => {
                if spans_lines(r) {
                    out.push(Fold {
                        span: r,
                        kind: FoldKind::Comment,
                    });
                }
                Some(this)
            }
            None => Some(this),
        };
    }
    if let Some(r) = run.filter(|r| spans_lines(*r)) {
        out.push(Fold {
            span: r,
            kind: FoldKind::Comment,
        });
    }
    out.sort_by_key(|f| (f.span.start(), f.span.end()));
    out
}

pub(super) fn selection(db: &dyn Db, file: SourceFile, offset: usize) -> Vec<Span> {
    let root = crate::db::parse(db, file).tree.root();
    let Ok(at) = u32::try_from(offset).map(TextSize::from) else {
        return Vec::new();
    };
    if at > root.text_range().end() {
        return Vec::new();
    }
    let Some(token) = root.token_at_offset(at).right_biased() else {
        return Vec::new();
    };
    let mut out = vec![Span::from(token.text_range())];
    for node in token.parent_ancestors() {
        let s = span(&node);
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

pub(super) fn links(db: &dyn Db, file: SourceFile) -> Vec<(Span, SourceFile)> {
    crate::resolve::lower(db, file)
        .imports
        .iter()
        .filter_map(|i| Some((i.span, i.target.as_ref().ok()?.file())))
        .collect()
}

/// A symbol of the workspace: a binding, or a record that names itself
/// (`name = "sales"`: a domain, a product, a port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    /// The name.
    pub name: String,
    /// What it is.
    pub kind: WorkspaceSymbolKind,
    /// Its file.
    pub file: SourceFile,
    /// The name as written.
    pub span: Span,
    /// What holds it: the key of the field whose value it is in
    /// (`products`, `outputs`), for a named record.
    pub container: Option<String>,
}

/// What a workspace symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceSymbolKind {
    /// A `let` binding (a value or function).
    Binding,
    /// A `let type` binding.
    Type,
    /// A record with a `name` of its own.
    Named,
}

/// Whether `query`'s characters occur in `name` in order, ignoring case.
fn matches(query: &str, name: &str) -> bool {
    let mut wanted = query.chars().flat_map(char::to_lowercase).peekable();
    for c in name.chars().flat_map(char::to_lowercase) {
        if wanted.peek() == Some(&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

pub(super) fn workspace(db: &Database, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    for file in super::references::floe_files(db) {
        for symbol in file_symbols(db, file) {
            if out.len() >= limit {
                return out;
            }
            if matches(query, &symbol.name) {
                out.push(symbol.clone());
            }
        }
    }
    out
}

/// The workspace symbols of one file, kept until its text changes.
#[salsa::tracked(returns(ref))]
fn file_symbols(db: &dyn Db, file: SourceFile) -> Vec<WorkspaceSymbol> {
    let root = crate::db::parse(db, file).tree.root();
    let mut out = Vec::new();
    let named = |name: Option<crate::syntax::SyntaxToken>, kind| {
        name.map(|n| WorkspaceSymbol {
            name: n.text().to_string(),
            kind,
            file,
            span: n.text_range().into(),
            container: None,
        })
    };
    for node in root.descendants() {
        if let Some(binding) = Binding::cast(node.clone()) {
            out.extend(named(binding.name(), WorkspaceSymbolKind::Binding));
        } else if let Some(binding) = TypeBinding::cast(node.clone()) {
            out.extend(named(binding.name(), WorkspaceSymbolKind::Type));
        } else if let Some(record) = Record::cast(node) {
            out.extend(named_record(&record, file));
        }
    }
    out
}

/// A record's own name: the plain string of its `name` field.
fn named_record(record: &Record, file: SourceFile) -> Option<WorkspaceSymbol> {
    let value = record.fields().find_map(|f| {
        let keys: Vec<String> = f.key_path()?.keys().map(|k| k.text()).collect();
        (keys == ["name"]).then(|| f.value()).flatten()
    })?;
    let string = Str::cast(value.syntax().clone())?;
    // Only a name written out: no interpolation.
    if string.syntax().children().next().is_some() {
        return None;
    }
    let container = record
        .syntax()
        .ancestors()
        .skip(1)
        .find_map(Field::cast)
        .and_then(|f| f.key_path())
        .map(|p| p.keys().map(|k| k.text()).collect::<Vec<_>>().join("."));
    Some(WorkspaceSymbol {
        name: string.text(),
        kind: WorkspaceSymbolKind::Named,
        file,
        span: string.syntax().text_range().into(),
        container,
    })
}
