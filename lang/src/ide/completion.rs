//! Completion at an offset, from the cursor's context: the fields of the
//! value before a `.` (a record's, a standard-library module's members);
//! the fields a record may still set, from the type it is checked against
//! (inherited fields included; for a layer over a parent, only the fields
//! its rule lets it change); the values of an enum or `Bool` a field's
//! value may take; the names in scope and the keywords where an expression
//! goes; type names in a type. Read from the concrete tree and the
//! checker's types, so it works on a half-typed file.

use crate::db::{Database, Db, Origin, SourceFile};
use crate::syntax::ast::Mode;
use crate::syntax::lexer::Sym;
use crate::syntax::views::{Field, Lambda, Let, LetItem, Record, Select, Var, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode};
use crate::types::{FieldTy, Ty};

use super::context::CursorContext;
use super::scope::NameKind;

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A record field.
    Field,
    /// A `let` binding.
    Binding,
    /// A lambda parameter.
    Parameter,
    /// A type name.
    Type,
    /// A builtin function.
    Builtin,
    /// A keyword.
    Keyword,
    /// A value of an enum (or `true`/`false`).
    Value,
    /// A file or directory of an import path, or a standard-library module.
    File,
}

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What is shown and, unless `insert` says otherwise, inserted.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// One line beside it: a field's mode, type and default, a name's
    /// kind.
    pub detail: Option<String>,
    /// Its documentation.
    pub doc: Option<String>,
    /// The text inserted, when it differs from the label (a key that is
    /// not a name is quoted).
    pub insert: Option<String>,
    /// The text it replaces, when that is more than the word at the cursor
    /// (an import path, from the string's start).
    pub replace: Option<Span>,
}

impl Completion {
    fn new(label: impl Into<String>, kind: CompletionKind) -> Completion {
        Completion {
            label: label.into(),
            kind,
            detail: None,
            doc: None,
            insert: None,
            replace: None,
        }
    }
}

pub(super) fn at(db: &Database, file: SourceFile, offset: usize) -> Vec<Completion> {
    let root = crate::db::parse(db, file).tree.root();
    match super::context::at(&root, offset) {
        CursorContext::Field { target } => match selected_type(db, file, &root, target, offset) {
            Some(ty) => fields(&ty).iter().map(field_completion).collect(),
            None => Vec::new(),
        },
        CursorContext::Key { record } => keys(db, file, &root, record),
        CursorContext::Type => types(&root, offset),
        CursorContext::String => import_paths(db, file, &root, offset),
        CursorContext::Expr => {
            let mut out = values(db, file, &root, offset);
            out.extend(names(&root, offset));
            out
        }
    }
}

fn type_of(db: &dyn Db, file: SourceFile, span: Span) -> Option<Ty> {
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    types.type_of(anchors, span).cloned()
}

/// The type of what is selected at `offset`: the target at `target`, then
/// each key already written after it (`a.b.` selects from `a`'s `b`).
fn selected_type(
    db: &dyn Db,
    file: SourceFile,
    root: &SyntaxNode,
    target: Span,
    offset: usize,
) -> Option<Ty> {
    let select = root.descendants().filter_map(Select::cast).find(|s| {
        s.target()
            .is_some_and(|t| Span::from(t.syntax().text_range()) == target)
    })?;
    let mut ty = type_of(db, file, target).or_else(|| bound_type(db, file, root, target))?;
    for key in select.keys() {
        let range = key.syntax().text_range();
        if usize::from(range.end()) >= offset {
            break;
        }
        ty = super::definition::field_of(&ty, &key.text())?.ty.clone();
    }
    Some(ty)
}

/// The type of the value the name at `span` is bound to by `let`, found
/// in the tree: a selection still being typed (`r.`) is no expression of
/// the lowered program, so neither the name nor its type is recorded.
fn bound_type(db: &dyn Db, file: SourceFile, root: &SyntaxNode, span: Span) -> Option<Ty> {
    let var = root
        .descendants()
        .filter_map(Var::cast)
        .find(|v| Span::from(v.syntax().text_range()) == span)?;
    let name = var.name()?;
    for node in var.syntax().ancestors() {
        if let Some(lambda) = Lambda::cast(node.clone()) {
            let names = lambda.params().flat_map(|p| p.names());
            if names.chain(lambda.whole()).any(|n| n.text() == name.text()) {
                return None;
            }
        }
        let Some(let_) = Let::cast(node) else {
            continue;
        };
        for item in let_.items() {
            if let LetItem::Value(binding) = item {
                if binding.name().is_some_and(|n| n.text() == name.text()) {
                    let value = binding.value()?;
                    return type_of(db, file, value.syntax().text_range().into());
                }
            }
        }
    }
    None
}

/// The fields of a record type, seen through names, refinements and `?`.
fn fields(ty: &Ty) -> Vec<FieldTy> {
    match ty.strip() {
        Ty::Record(rt) => rt.fields.to_vec(),
        Ty::Optional(inner) => fields(inner),
        _ => Vec::new(),
    }
}

fn field_completion(field: &FieldTy) -> Completion {
    let mode = match field.mode {
        Mode::Override => String::new(),
        mode => format!("{} ", mode.text()),
    };
    let default = match &field.default {
        crate::types::Known::Value { data, .. } => format!(" = {}", super::parent::brief(data)),
        _ => String::new(),
    };
    let name = field.name.to_string();
    Completion {
        insert: (!crate::syntax::lexer::is_name(&name)).then(|| format!("\"{name}\"")),
        detail: Some(format!("{mode}{} : {}{default}", name, field.ty.text())),
        doc: field.doc.as_ref().map(|d| d.to_string()),
        ..Completion::new(name, CompletionKind::Field)
    }
}

/// The fields the record at `span` may still set.
fn keys(db: &dyn Db, file: SourceFile, root: &SyntaxNode, span: Span) -> Vec<Completion> {
    let Some(record) = root
        .descendants()
        .filter_map(Record::cast)
        .find(|r| Span::from(r.syntax().text_range()) == span)
    else {
        return Vec::new();
    };
    let Some(ty) = type_of(db, file, span) else {
        return Vec::new();
    };
    let written: Vec<String> = record
        .fields()
        .filter_map(|f| f.key_path()?.keys().next().map(|k| k.text()))
        .collect();
    let layer = super::parent::is_layer(record.syntax());
    fields(&ty)
        .iter()
        .filter(|f| !written.iter().any(|w| **w == *f.name))
        // A layer cannot change a final field.
        .filter(|f| !(layer && f.mode == Mode::Final))
        .map(field_completion)
        .collect()
}

/// The values the field whose value is being written may take: the tags
/// of an enum, `true` and `false`.
fn values(db: &dyn Db, file: SourceFile, root: &SyntaxNode, offset: usize) -> Vec<Completion> {
    let Some(field) = field_being_set(root, offset) else {
        return Vec::new();
    };
    let Some(key) = field.key_path().and_then(|p| p.keys().last()) else {
        return Vec::new();
    };
    let Some(declared) = super::definition::named_field(db, file, &key) else {
        return Vec::new();
    };
    let value = |label: String| Completion {
        detail: Some(declared.ty.text()),
        ..Completion::new(label, CompletionKind::Value)
    };
    match declared.ty.strip() {
        Ty::Enum { tags, ordered } => {
            // Under `stronger`, a layer may only keep or raise its parent's.
            let from = match (declared.mode, *ordered) {
                (Mode::Stronger { lower }, true) => super::parent::value(db, file, &field)
                    .and_then(|p| match p {
                        crate::data::Data::Text(t) => tags.iter().position(|tag| **tag == *t),
                        _ => None,
                    })
                    .map(|i| (i, lower)),
                _ => None,
            };
            tags.iter()
                .enumerate()
                .filter(|(i, _)| match from {
                    Some((at, false)) => *i >= at,
                    Some((at, true)) => *i <= at,
                    None => true,
                })
                .map(|(_, t)| value(format!("\"{t}\"")))
                .collect()
        }
        Ty::Prim(crate::resolve::ir::Prim::Bool) => {
            vec![value("true".into()), value("false".into())]
        }
        _ => Vec::new(),
    }
}

/// The record field whose value the cursor at `offset` is in (after its `=`).
fn field_being_set(root: &SyntaxNode, offset: usize) -> Option<Field> {
    let at = rowan::TextSize::try_from(offset).ok()?;
    let token = root.token_at_offset(at).left_biased()?;
    token.parent_ancestors().find_map(Field::cast).filter(|f| {
        f.syntax()
            .children_with_tokens()
            .find(|c| c.kind() == SyntaxKind::Sym(Sym::Assign))
            .is_some_and(|eq| eq.text_range().end() <= at)
    })
}

/// The names in scope and the keywords, where an expression goes.
fn names(root: &SyntaxNode, offset: usize) -> Vec<Completion> {
    let mut out: Vec<Completion> = super::scope::at(root, offset)
        .into_iter()
        .filter(|n| n.kind != NameKind::Type)
        .map(|n| {
            let kind = match n.kind {
                NameKind::Binding => CompletionKind::Binding,
                NameKind::Parameter => CompletionKind::Parameter,
                NameKind::Builtin => CompletionKind::Builtin,
                NameKind::Type => CompletionKind::Type,
            };
            let doc = (n.kind == NameKind::Builtin)
                .then(|| crate::builtins::Builtin::by_name(&n.name))
                .flatten();
            Completion {
                detail: doc.map(|b| format!("{} : {}", b.name(), b.signature())),
                doc: doc.map(|b| b.doc().to_string()),
                ..Completion::new(n.name, kind)
            }
        })
        .collect();
    for sym in Sym::ALL {
        if sym.is_keyword() && !matches!(sym, Sym::Type) {
            out.push(Completion::new(sym.text(), CompletionKind::Keyword));
        }
    }
    out
}

/// The type names in scope and the built-in types, in a type.
fn types(root: &SyntaxNode, offset: usize) -> Vec<Completion> {
    let mut out: Vec<Completion> = super::scope::at(root, offset)
        .into_iter()
        .filter(|n| n.kind == NameKind::Type)
        .map(|n| Completion::new(n.name, CompletionKind::Type))
        .collect();
    for name in crate::resolve::BUILTIN_TYPES {
        out.push(Completion::new(*name, CompletionKind::Type));
    }
    out
}

/// In an import's path: the files and directories the path written so far
/// leads to (`.floe`, `.json`, `.yaml`, directories with a `/`), and the
/// standard library's modules.
fn import_paths(
    db: &Database,
    file: SourceFile,
    root: &SyntaxNode,
    offset: usize,
) -> Vec<Completion> {
    let Some(string) = root
        .descendants()
        .filter_map(crate::syntax::views::Import::cast)
        .filter_map(|i| i.path())
        .find(|p| {
            u32::try_from(offset).is_ok_and(|o| {
                p.syntax()
                    .text_range()
                    .contains_inclusive(rowan::TextSize::from(o))
            })
        })
    else {
        return Vec::new();
    };
    // From after the opening quote to the cursor.
    let start = usize::from(string.syntax().text_range().start()) + 1;
    let Some(written) = file.text(db).get(start..offset.max(start)) else {
        return Vec::new();
    };
    let replace = Span::new(start, offset.max(start));
    let item = |label: String, detail: &str| Completion {
        detail: Some(detail.to_string()),
        replace: Some(replace),
        ..Completion::new(label, CompletionKind::File)
    };
    let mut out = Vec::new();
    if "floe:std/".starts_with(written) || written.starts_with("floe:") {
        for (name, _) in crate::stdlib::MODULES {
            out.push(item(format!("floe:{name}"), "standard library"));
        }
    }
    let Origin::Path(path) = file.origin(db) else {
        return out;
    };
    let Some(base) = path.parent() else {
        return out;
    };
    // The directory part written, `./` when none.
    let (dir, prefix) = match written.rfind('/') {
        Some(i) => (
            written.get(..=i).unwrap_or_default(),
            written.get(..=i).unwrap_or_default(),
        ),
        None => ("./", "./"),
    };
    let target = crate::db::normalize(&base.join(dir));
    if !target.starts_with(db.project_root()) {
        return out;
    }
    for (name, is_dir) in db.list_dir(&target) {
        if name.starts_with('.') {
            continue;
        }
        let wanted = is_dir
            || [".floe", ".json", ".yaml", ".yml"]
                .iter()
                .any(|e| name.ends_with(e));
        let this = crate::db::normalize(&target.join(&name));
        if !wanted || this == *path {
            continue;
        }
        let label = format!("{prefix}{name}{}", if is_dir { "/" } else { "" });
        out.push(item(label, if is_dir { "directory" } else { "file" }));
    }
    out
}
