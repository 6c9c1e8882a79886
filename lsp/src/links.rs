//! Document links: each import that resolves links to the file it reads.

use floe_lang::ide::Cancellable;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams};

use crate::request::Snapshot;

/// The links of the requested document.
pub fn links(
    snap: &Snapshot,
    params: DocumentLinkParams,
) -> Cancellable<Option<Vec<DocumentLink>>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for (span, target) in snap.analysis.links(file)? {
        let Some(uri) = crate::convert::uri_of(&snap.analysis.origin(target)?) else {
            continue;
        };
        out.push(DocumentLink {
            range: snap.range(file, span)?,
            target: Some(uri),
            tooltip: None,
            data: None,
        });
    }
    Ok(Some(out))
}
