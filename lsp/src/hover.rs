//! Hover: the documentation at the cursor (a builtin's signature, a schema
//! field's mode, type and doc comment, a binding's type and comment), else
//! the type of the expression there.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::request::Snapshot;

/// The hover at the request's position.
pub fn hover(snap: &Snapshot, params: HoverParams) -> Cancellable<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let text = match snap.analysis.docs_at(file, offset)? {
        Some(docs) => {
            let mut text = code_block(&docs.title);
            if let Some(doc) = docs.doc.filter(|d| !d.trim().is_empty()) {
                text.push_str("\n---\n");
                text.push_str(doc.trim());
            }
            text
        }
        None => match snap.analysis.type_at(file, offset)? {
            Some(ty) => code_block(&ty),
            None => return Ok(None),
        },
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    }))
}

fn code_block(code: &str) -> String {
    format!("```floe\n{code}\n```")
}
