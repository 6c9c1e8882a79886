//! Document highlight: the places in this document that refer to what is
//! at the cursor, the definition marked as written.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams,
};

use crate::request::Snapshot;

/// The highlights at the request's position.
pub fn highlight(
    snap: &Snapshot,
    params: DocumentHighlightParams,
) -> Cancellable<Option<Vec<DocumentHighlight>>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let declared = snap.analysis.definition_at(file, offset)?;
    let mut out = Vec::new();
    for (f, span) in snap.analysis.references_at(file, offset)? {
        if f != file {
            continue;
        }
        let kind = if declared.contains(&(f, span)) {
            DocumentHighlightKind::WRITE
        } else {
            DocumentHighlightKind::READ
        };
        out.push(DocumentHighlight {
            range: snap.range(file, span)?,
            kind: Some(kind),
        });
    }
    Ok((!out.is_empty()).then_some(out))
}
