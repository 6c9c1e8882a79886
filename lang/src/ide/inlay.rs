//! Inlay hints: the inferred type of each `let` binding written without
//! one, beside its name, where the type says more than its value does (not
//! for literals, imports, or types that are partly `Dynamic`); and beside
//! each field a layer sets, the value its parent gives it, where that is
//! known before evaluation (`parent: 365`, or `as the parent` when the
//! layer leaves it as the parent set it).

use crate::db::{Db, SourceFile};
use crate::syntax::views::{Binding, Field, View};
use crate::syntax::{Span, SyntaxKind};

/// A hint shown in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where it is shown: after this byte.
    pub offset: usize,
    /// What it says: `: List Text`.
    pub label: String,
}

/// Longer types are left to hover.
const MAX_LEN: usize = 60;

pub(super) fn at(db: &dyn Db, file: SourceFile, within: Span) -> Vec<InlayHint> {
    let root = crate::db::parse(db, file).tree.root();
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let mut out = Vec::new();
    for binding in root.descendants().filter_map(Binding::cast) {
        let (Some(name), None, Some(value)) = (binding.name(), binding.ty(), binding.value())
        else {
            continue;
        };
        let end = usize::from(name.text_range().end());
        if end < within.start() || end > within.end() {
            continue;
        }
        if matches!(
            value.syntax().kind(),
            SyntaxKind::Literal | SyntaxKind::Str | SyntaxKind::Import
        ) {
            continue;
        }
        let Some(ty) = types.type_of(anchors, value.syntax().text_range().into()) else {
            continue;
        };
        let text = ty.text();
        // A type that is partly unknown tells less than the value does.
        if text.contains("Dynamic") || text.chars().count() > MAX_LEN || text.contains('…') {
            continue;
        }
        out.push(InlayHint {
            offset: end,
            label: format!(": {text}"),
        });
    }
    out.extend(parents(db, file, &root, within));
    out.sort_by_key(|h| h.offset);
    out
}

fn parents(
    db: &dyn Db,
    file: SourceFile,
    root: &crate::syntax::SyntaxNode,
    within: Span,
) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for field in root.descendants().filter_map(Field::cast) {
        let Some(value) = field.value() else {
            continue;
        };
        let end = usize::from(value.syntax().text_range().end());
        if end < within.start() || end > within.end() {
            continue;
        }
        // Only plain values: a record's fields get their own hints.
        if matches!(value.syntax().kind(), SyntaxKind::Record) {
            continue;
        }
        let Some(parent) = super::parent::value(db, file, &field) else {
            continue;
        };
        let shown = super::parent::brief(&parent);
        let same = file
            .text(db)
            .get(Span::from(value.syntax().text_range()).range())
            .is_some_and(|t| t.trim() == shown);
        out.push(InlayHint {
            offset: end,
            label: if same {
                "as the parent".to_string()
            } else {
                format!("parent: {shown}")
            },
        });
    }
    out
}
