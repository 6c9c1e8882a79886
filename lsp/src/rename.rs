//! Rename and prepareRename, across files; a refusal (a keyword, a
//! builtin, a name that would be captured) is answered as an error with
//! the IDE layer's reason.

use std::collections::HashMap;

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use crate::request::Snapshot;

/// An answer, or the reason the rename is refused.
pub type Refusable<T> = Cancellable<Result<T, String>>;

/// The name at the cursor and its range, if it can be renamed.
pub fn prepare(
    snap: &Snapshot,
    params: TextDocumentPositionParams,
) -> Refusable<Option<PrepareRenameResponse>> {
    let Some((file, offset)) = snap.file_offset(&params.text_document.uri, params.position)? else {
        return Ok(Ok(None));
    };
    Ok(match snap.analysis.prepare_rename(file, offset)? {
        Ok((span, placeholder)) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: snap.range(file, span)?,
            placeholder,
        })),
        Err(e) => Err(e.message()),
    })
}

/// The edits of every file that renaming what is at the cursor makes.
pub fn rename(snap: &Snapshot, params: RenameParams) -> Refusable<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(Ok(None));
    };
    let edits = match snap.analysis.rename(file, offset, &params.new_name)? {
        Ok(edits) => edits,
        Err(e) => return Ok(Err(e.message())),
    };
    let mut changes: HashMap<_, Vec<TextEdit>> = HashMap::new();
    for e in edits {
        let Some(location) = snap.location(e.file, e.span)? else {
            continue;
        };
        changes.entry(location.uri).or_default().push(TextEdit {
            range: location.range,
            new_text: e.text,
        });
    }
    Ok(Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })))
}
