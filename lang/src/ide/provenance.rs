//! Provenance: for a record key whose field a layer sets, the layers that
//! set it (oldest first, the schema's default included), the value that
//! wins, and the schema's rule — what `floe explain` prints, asked of the
//! file the key is in, along the key's path from the file's value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rowan::TextSize;

use crate::data::Data;
use crate::db::{Database, Db, SourceFile};
use crate::run::{explain, ExplainRequest};
use crate::syntax::views::{Field, Key, KeyPath, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode};

/// Where a layer set a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerSet {
    /// The file.
    pub file: SourceFile,
    /// The value it set.
    pub span: Span,
    /// Whether this is the schema's default rather than a layer.
    pub default: bool,
}

/// The schema's rule for a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// Its mode, as written (`stronger`, `final`, `override`, …).
    pub mode: String,
    /// Where it is declared.
    pub file: SourceFile,
    /// The declaration.
    pub span: Span,
    /// Its doc comment.
    pub doc: Option<String>,
}

/// The provenance of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// Its dotted path in the file's value.
    pub path: String,
    /// The value that wins, as JSON.
    pub value: String,
    /// The places that set it, oldest first; the last wins.
    pub set_by: Vec<LayerSet>,
    /// The schema's rule.
    pub rule: Option<FieldRule>,
}

/// The questions asked so far, so that each is made once and asking again
/// re-does only what changed.
pub type Requests = Arc<Mutex<HashMap<(SourceFile, Vec<String>), ExplainRequest>>>;

/// The path of the field the key at `offset` names, from the file's value:
/// the keys of the records around it, through `extends`, annotations,
/// parentheses and `let` bodies. `None` where something else (a function,
/// a list) lies between.
fn path_at(root: &SyntaxNode, offset: usize) -> Option<Vec<String>> {
    let at = TextSize::try_from(offset).ok()?;
    if at > root.text_range().end() {
        return None;
    }
    let token = root
        .token_at_offset(at)
        .find(|t| t.kind() == SyntaxKind::Ident)?;
    let key = token.parent().and_then(Key::cast)?;
    let key_path = key.syntax().parent().and_then(KeyPath::cast)?;
    let mut path: Vec<String> = Vec::new();
    for k in key_path.keys() {
        path.push(k.text());
        if k == key {
            break;
        }
    }
    let mut node = key_path
        .syntax()
        .parent()
        .and_then(Field::cast)?
        .syntax()
        .clone();
    // Up from the field's record.
    while let Some(parent) = node.parent() {
        match parent.kind() {
            SyntaxKind::Record | SyntaxKind::Binary | SyntaxKind::Annot | SyntaxKind::Paren => {
                // Only the right side of `extends` or `&`/`//` is the layer.
                if parent.kind() == SyntaxKind::Binary && !is_layering(&parent) {
                    return None;
                }
            }
            SyntaxKind::Field => {
                let outer = Field::cast(parent.clone())?.key_path()?;
                let mut keys: Vec<String> = outer.keys().map(|k| k.text()).collect();
                keys.extend(path);
                path = keys;
            }
            SyntaxKind::Let => {
                // Only its body is the file's value.
                let body = crate::syntax::views::Let::cast(parent.clone())?.body()?;
                if body.syntax() != &node {
                    return None;
                }
            }
            SyntaxKind::Root => return Some(path),
            _ => return None,
        }
        node = parent;
    }
    None
}

fn is_layering(binary: &SyntaxNode) -> bool {
    binary.children_with_tokens().any(|c| {
        matches!(
            c.kind(),
            SyntaxKind::Sym(
                crate::syntax::lexer::Sym::Extends
                    | crate::syntax::lexer::Sym::Amp
                    | crate::syntax::lexer::Sym::SlashSlash
            )
        )
    })
}

pub(super) fn at(
    db: &Database,
    requests: &Requests,
    file: SourceFile,
    offset: usize,
) -> Option<Provenance> {
    let root = crate::db::parse(db, file).tree.root();
    let path = path_at(&root, offset)?;
    let request = {
        let mut known = requests.lock().ok()?;
        *known.entry((file, path.clone())).or_insert_with(|| {
            ExplainRequest::new(db, file, path.clone(), crate::eval::Limits::default())
        })
    };
    let answer = explain(db, request).as_ref().ok()?;
    // Only a field a schema governs has layers worth showing.
    if answer.set_by.is_empty() && answer.rule.is_none() {
        return None;
    }
    let set_by = answer
        .set_by
        .iter()
        .map(|(f, span)| LayerSet {
            file: *f,
            span: *span,
            default: answer.default == Some((*f, *span)),
        })
        .collect();
    Some(Provenance {
        path: path.join("."),
        value: json(&answer.value),
        set_by,
        rule: answer.rule.as_ref().map(|(mode, f, span, doc)| FieldRule {
            mode: mode.text().to_string(),
            file: *f,
            span: *span,
            doc: doc.clone(),
        }),
    })
}

fn json(data: &Data) -> String {
    let mut sink = crate::data::Sink::new();
    crate::data::json::write(&mut sink, data);
    sink.into_string()
}

/// The text of a file's line holding `offset`, for showing a place.
pub fn line_of(db: &dyn Db, file: SourceFile, offset: usize) -> (usize, String) {
    let text = file.text(db);
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    (
        line,
        text.get(start..end).unwrap_or_default().trim().to_string(),
    )
}
