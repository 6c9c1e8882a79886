//! Selection ranges: from the token at each position out to the whole file.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{SelectionRange, SelectionRangeParams};

use crate::convert;
use crate::request::Snapshot;

/// The selection ranges at each requested position.
pub fn selection(
    snap: &Snapshot,
    params: SelectionRangeParams,
) -> Cancellable<Option<Vec<SelectionRange>>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let lines = snap.lines(file)?;
    let mut out = Vec::with_capacity(params.positions.len());
    for position in params.positions {
        let offset = lines.clamped_offset(convert::position(position), snap.encoding);
        let spans = snap.analysis.selection(file, offset)?;
        // Outermost first, each the parent of the next.
        let mut range: Option<SelectionRange> = None;
        for span in spans.into_iter().rev() {
            range = Some(SelectionRange {
                range: convert::range(&lines, span, snap.encoding),
                parent: range.map(Box::new),
            });
        }
        let empty = tower_lsp_server::ls_types::Range::new(position, position);
        out.push(range.unwrap_or(SelectionRange {
            range: empty,
            parent: None,
        }));
    }
    Ok(Some(out))
}
