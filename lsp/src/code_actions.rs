//! Code actions: the IDE layer's quick fixes for the diagnostics at the
//! requested range, static and those evaluation found.

use std::collections::BTreeMap;

use floe_lang::ide::Cancellable;
use floe_lang::Diagnostic;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::convert;
use crate::request::Snapshot;

/// The quick fixes at the request's range; `evaluated` are the document's
/// diagnostics from evaluation.
pub fn code_actions(
    snap: &Snapshot,
    params: CodeActionParams,
    evaluated: &[Diagnostic],
) -> Cancellable<Option<CodeActionResponse>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let lines = snap.lines(file)?;
    let span = convert::span(&lines, params.range, snap.encoding);
    let mut out = Vec::new();
    for fix in snap.analysis.fixes(file, span, evaluated)? {
        let mut operations = Vec::new();
        if let Some(uri) = fix.create.as_ref().and_then(Uri::from_file_path) {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri,
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
        // One edit of each file, its replacements in order.
        let mut by_file: BTreeMap<String, (Uri, Vec<TextEdit>)> = BTreeMap::new();
        for e in &fix.edits {
            let Some(location) = snap.location(e.file, e.span)? else {
                continue;
            };
            by_file
                .entry(location.uri.as_str().to_string())
                .or_insert_with(|| (location.uri.clone(), Vec::new()))
                .1
                .push(TextEdit {
                    range: location.range,
                    new_text: e.text.clone(),
                });
        }
        for (_, (uri, edits)) in by_file {
            operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }));
        }
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title,
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(operations)),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(fix.preferred),
            ..CodeAction::default()
        }));
    }
    Ok(Some(out))
}
