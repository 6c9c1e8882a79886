//! Inlay hints: inferred types beside `let` bindings.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams};

use crate::convert;
use crate::request::Snapshot;

/// The hints within the requested range.
pub fn inlay_hints(
    snap: &Snapshot,
    params: InlayHintParams,
) -> Cancellable<Option<Vec<InlayHint>>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let lines = snap.lines(file)?;
    let within = convert::span(&lines, params.range, snap.encoding);
    let hints = snap.analysis.inlay_hints(file, within)?;
    Ok(Some(
        hints
            .into_iter()
            .map(|h| {
                let at = lines.position(h.offset, snap.encoding);
                InlayHint {
                    position: tower_lsp_server::ls_types::Position::new(at.line, at.character),
                    label: InlayHintLabel::String(h.label),
                    kind: Some(InlayHintKind::TYPE),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                }
            })
            .collect(),
    ))
}
