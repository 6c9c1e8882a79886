//! Folding ranges: bracketed groups, `let`s, multi-line strings and runs of
//! comments that span lines.

use floe_lang::ide::{Cancellable, FoldKind};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use crate::request::Snapshot;

/// The folding ranges of the requested document.
pub fn folding(
    snap: &Snapshot,
    params: FoldingRangeParams,
) -> Cancellable<Option<Vec<FoldingRange>>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let mut out: Vec<FoldingRange> = Vec::new();
    for fold in snap.analysis.folds(file)? {
        let range = snap.range(file, fold.span)?;
        if range.start.line >= range.end.line {
            continue;
        }
        // Two regions that start on one line fold as the outer one.
        if out.last().is_some_and(|f| f.start_line == range.start.line) {
            continue;
        }
        out.push(FoldingRange {
            start_line: range.start.line,
            start_character: None,
            end_line: range.end.line,
            end_character: None,
            kind: Some(match fold.kind {
                FoldKind::Region => FoldingRangeKind::Region,
                FoldKind::Comment => FoldingRangeKind::Comment,
            }),
            collapsed_text: None,
        });
    }
    Ok(Some(out))
}
