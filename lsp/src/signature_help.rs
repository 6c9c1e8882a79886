//! Signature help for builtins and functions, with the parameter being
//! written.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{
    Documentation, MarkupContent, MarkupKind, ParameterInformation, ParameterLabel, SignatureHelp,
    SignatureHelpParams, SignatureInformation,
};

use crate::request::Snapshot;

/// The signature at the request's position.
pub fn signature_help(
    snap: &Snapshot,
    params: SignatureHelpParams,
) -> Cancellable<Option<SignatureHelp>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let Some(help) = snap.analysis.signature_help(file, offset)? else {
        return Ok(None);
    };
    // Parameter labels are offsets in UTF-16 units of the label.
    let units = |bytes: usize| {
        help.label
            .get(..bytes)
            .map_or(0, |s| s.encode_utf16().count() as u32)
    };
    let parameters = help
        .params
        .iter()
        .map(|(s, e)| ParameterInformation {
            label: ParameterLabel::LabelOffsets([units(*s), units(*e)]),
            documentation: None,
        })
        .collect();
    Ok(Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label.clone(),
            documentation: help.doc.map(|doc| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: doc,
                })
            }),
            parameters: Some(parameters),
            active_parameter: Some(help.active as u32),
        }],
        active_signature: Some(0),
        active_parameter: Some(help.active as u32),
    }))
}
