//! Rename: a binding (its definition and every use, in its file) or a
//! record field (its declaration and every key that names it, in every
//! loaded file). Refused where the new name is not a name, is a keyword,
//! or would change what another name refers to: a use of the binding
//! that an inner binding of the new name would capture, a use of an outer
//! name (or builtin) that the renamed binding would capture, a second
//! binding of the name in the same `let`, a field the record already has.
//! A punned field (`{ sales }`) keeps its key: it becomes `sales = new`.

use rowan::TextSize;

use super::FileEdit;
use crate::db::{Database, Db, SourceFile};
use crate::syntax::lexer::is_name;
use crate::syntax::views::{
    Field, Key, KeyPath, Let, LetItem, Record, TypeField, TypeRecord, View,
};
use crate::syntax::{Span, SyntaxKind, SyntaxNode, SyntaxToken};

/// Why a rename is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// Nothing renamable is at the cursor (a keyword, a builtin, a
    /// literal, a parameter pattern's field).
    NotRenamable {
        /// What is there, worded.
        what: String,
    },
    /// The new name cannot be written as a name.
    NotAName {
        /// The name asked for.
        name: String,
    },
    /// A name would refer to something else afterwards.
    Captured {
        /// The name asked for.
        name: String,
        /// The file where a reference would change.
        file: SourceFile,
        /// Where.
        at: Span,
    },
}

impl RenameError {
    /// The refusal, worded for an editor.
    pub fn message(&self) -> String {
        match self {
            RenameError::NotRenamable { what } => format!("{what} cannot be renamed"),
            RenameError::NotAName { name } => {
                format!("`{name}` is not a name (a letter or `_`, then letters, digits, `_`; no keyword)")
            }
            RenameError::Captured { name, .. } => format!(
                "renaming to `{name}` would change what a name refers to (at another `{name}`)"
            ),
        }
    }
}

/// What is renamed at an offset.
enum Target {
    /// A binding of `file`, defined at `def`.
    Binding { def: Span },
    /// A record field, by its key at `key`.
    Field { key: Key },
}

fn token_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxToken> {
    let at = TextSize::try_from(offset).ok()?;
    if at > root.text_range().end() {
        return None;
    }
    // A cursor just after a name still names it.
    let pick = |t: &SyntaxToken| matches!(t.kind(), SyntaxKind::Ident);
    let tokens = root.token_at_offset(at);
    tokens
        .clone()
        .find(pick)
        .or_else(|| tokens.clone().find(|t| !t.kind().is_trivia()))
        .or_else(|| tokens.left_biased())
}

fn target(db: &dyn Db, file: SourceFile, offset: usize) -> Result<(Target, Span), RenameError> {
    let root = crate::db::parse(db, file).tree.root();
    let not = |what: &str| RenameError::NotRenamable {
        what: what.to_string(),
    };
    let token = token_at(&root, offset).ok_or_else(|| not("nothing"))?;
    let span = Span::from(token.text_range());
    match token.kind() {
        SyntaxKind::Ident => {}
        SyntaxKind::Sym(s) if s.is_keyword() => {
            return Err(not(&format!("the keyword `{}`", s.text())))
        }
        _ => return Err(not("this")),
    }
    let lowered = crate::resolve::lower(db, file);
    if lowered.builtin_uses.iter().any(|(s, _)| *s == span) {
        return Err(not(&format!("the builtin `{}`", token.text())));
    }
    let parent = token.parent().ok_or_else(|| not("this"))?;
    if matches!(parent.kind(), SyntaxKind::PatField | SyntaxKind::Pattern) {
        return Err(not(
            "a field of a parameter pattern (it names the field it matches)",
        ));
    }
    if parent.kind() == SyntaxKind::Key {
        let key = Key::cast(parent).ok_or_else(|| not("this"))?;
        // A punned field's key is also a use of a binding: rename the binding.
        if let Some(def) = lowered.definition_at(span.start()) {
            return Ok((Target::Binding { def }, span));
        }
        if super::definition::named_field(db, file, &key).is_some() {
            return Ok((Target::Field { key }, span));
        }
        return Err(not("a key of a record no type declares"));
    }
    if parent.kind() == SyntaxKind::TypeField {
        if let Some(key) = TypeField::cast(parent.clone()).and_then(|f| f.key()) {
            return Ok((Target::Field { key }, span));
        }
    }
    match lowered.binding_at(span.start()) {
        Some(def) => Ok((Target::Binding { def }, span)),
        // A binding nobody uses yet.
        None if matches!(
            parent.kind(),
            SyntaxKind::Binding
                | SyntaxKind::TypeBinding
                | SyntaxKind::ParamName
                | SyntaxKind::ParamTyped
        ) =>
        {
            Ok((Target::Binding { def: span }, span))
        }
        None => Err(not(&format!("`{}`", token.text()))),
    }
}

/// The span of the name at `offset` and the name, if it can be renamed.
pub(super) fn prepare(
    db: &dyn Db,
    file: SourceFile,
    offset: usize,
) -> Result<(Span, String), RenameError> {
    let (_, span) = target(db, file, offset)?;
    let text = file.text(db);
    Ok((span, text.get(span.range()).unwrap_or_default().to_string()))
}

pub(super) fn rename(
    db: &Database,
    file: SourceFile,
    offset: usize,
    new: &str,
) -> Result<Vec<FileEdit>, RenameError> {
    if !is_name(new) {
        return Err(RenameError::NotAName {
            name: new.to_string(),
        });
    }
    match target(db, file, offset)?.0 {
        Target::Binding { def } => binding(db, file, def, new),
        Target::Field { key } => field(db, file, &key, new),
    }
}

/// The field whose key path holds `key`, when it is punned (`{ a }`).
fn punned(key: &SyntaxNode) -> bool {
    key.parent()
        .and_then(KeyPath::cast)
        .and_then(|p| p.syntax().parent())
        .and_then(Field::cast)
        .is_some_and(|f| {
            f.value().is_none()
                && !f
                    .syntax()
                    .children_with_tokens()
                    .any(|c| c.kind() == SyntaxKind::Sym(crate::syntax::lexer::Sym::Assign))
        })
}

/// The innermost node holding `span`: the key of a key's name.
fn node_at(root: &SyntaxNode, span: Span) -> Option<SyntaxNode> {
    let at = |n: usize| TextSize::from(u32::try_from(n).unwrap_or(u32::MAX));
    let range = rowan::TextRange::new(at(span.start()), at(span.end().max(span.start())));
    if !root.text_range().contains_range(range) {
        return None;
    }
    match root.covering_element(range) {
        rowan::NodeOrToken::Node(n) => Some(n),
        rowan::NodeOrToken::Token(t) => t.parent(),
    }
}

fn edit(root: &SyntaxNode, file: SourceFile, span: Span, old: &str, new: &str) -> FileEdit {
    let is_pun = node_at(root, span)
        .filter(|n| n.kind() == SyntaxKind::Key)
        .is_some_and(|k| punned(&k));
    FileEdit {
        file,
        span,
        text: if is_pun {
            format!("{old} = {new}")
        } else {
            new.to_string()
        },
    }
}

/// The node whose range is the region a binding defined at `def` is
/// visible in: its `let`, or the lambda whose parameter it is.
fn scope_of(root: &SyntaxNode, def: Span) -> Option<SyntaxNode> {
    let token = root
        .token_at_offset(TextSize::try_from(def.start()).ok()?)
        .right_biased()?;
    token
        .parent_ancestors()
        .find(|n| matches!(n.kind(), SyntaxKind::Let | SyntaxKind::Lambda))
}

fn binding(
    db: &Database,
    file: SourceFile,
    def: Span,
    new: &str,
) -> Result<Vec<FileEdit>, RenameError> {
    let root = crate::db::parse(db, file).tree.root();
    let text = file.text(db);
    let old = text.get(def.range()).unwrap_or_default();
    if old == new {
        return Ok(Vec::new());
    }
    let lowered = crate::resolve::lower(db, file);
    let uses = lowered.references_of(def);
    let captured = |at: Span| RenameError::Captured {
        name: new.to_string(),
        file,
        at,
    };
    let region = scope_of(&root, def).map(|n| Span::from(n.text_range()));
    let inside = |s: Span| region.is_some_and(|r| r.start() <= s.start() && s.end() <= r.end());
    // Another binding of the new name in the same `let`.
    if let Some(let_) = scope_of(&root, def).and_then(Let::cast) {
        for item in let_.items() {
            let name = match item {
                LetItem::Value(b) => b.name(),
                LetItem::Type(t) => t.name(),
            };
            if let Some(n) = name.filter(|n| n.text() == new) {
                return Err(captured(n.text_range().into()));
            }
        }
    }
    // An inner binding of the new name between a use and the definition.
    for u in &uses {
        let names = super::scope::at(&root, u.start());
        let position = |name: &str| names.iter().position(|n| n.name == name);
        if let (Some(theirs), Some(ours)) = (position(new), position(old)) {
            if theirs < ours
                && names
                    .get(theirs)
                    .is_some_and(|n| n.kind != super::NameKind::Builtin)
            {
                return Err(captured(*u));
            }
        }
    }
    // A use of an outer name, or a builtin, that the renamed binding would
    // capture.
    for (used, its_def) in &lowered.definitions {
        if text.get(used.range()) == Some(new) && inside(*used) && !inside(*its_def) {
            return Err(captured(*used));
        }
    }
    for (used, builtin) in &lowered.builtin_uses {
        if builtin.name() == new && inside(*used) {
            return Err(captured(*used));
        }
    }
    let mut out = vec![edit(&root, file, def, old, new)];
    out.extend(uses.iter().map(|u| edit(&root, file, *u, old, new)));
    Ok(out)
}

fn field(
    db: &Database,
    file: SourceFile,
    key: &Key,
    new: &str,
) -> Result<Vec<FileEdit>, RenameError> {
    let old = key.text();
    if old == new {
        return Ok(Vec::new());
    }
    let offset = usize::from(key.syntax().text_range().start());
    let places = super::references::at(db, file, offset);
    let mut out = Vec::with_capacity(places.len());
    for (f, span) in places {
        let root = crate::db::parse(db, f).tree.root();
        // The record (or record type) the key is a field of must not have
        // a field of the new name already.
        if let Some(node) = node_at(&root, span) {
            let siblings: Vec<String> =
                if let Some(record) = node.ancestors().find_map(Record::cast) {
                    record
                        .fields()
                        .filter_map(|f| f.key_path()?.keys().next().map(|k| k.text()))
                        .collect()
                } else if let Some(record) = node.ancestors().find_map(TypeRecord::cast) {
                    record
                        .fields()
                        .filter_map(|f| f.key().map(|k| k.text()))
                        .collect()
                } else {
                    Vec::new()
                };
            if node
                .parent()
                .is_some_and(|p| p.kind() != SyntaxKind::Select)
                && siblings.iter().any(|s| s == new)
            {
                return Err(RenameError::Captured {
                    name: new.to_string(),
                    file: f,
                    at: span,
                });
            }
        }
        out.push(edit(&root, f, span, &old, new));
    }
    Ok(out)
}
