//! Workspace symbols: every binding, type and self-named record (domain,
//! product, port) of the workspace whose name holds the query.

use floe_lang::ide::{Cancellable, WorkspaceSymbolKind};
use tower_lsp_server::ls_types::{
    OneOf, SymbolKind, WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::request::Snapshot;

/// More than this many are not listed; the client asks again as the query
/// grows.
const LIMIT: usize = 500;

/// The symbols matching the query.
pub fn symbols(
    snap: &Snapshot,
    params: WorkspaceSymbolParams,
) -> Cancellable<Option<WorkspaceSymbolResponse>> {
    let mut out = Vec::new();
    for s in snap.analysis.workspace_symbols(&params.query, LIMIT)? {
        let Some(location) = snap.location(s.file, s.span)? else {
            continue;
        };
        let kind = match s.kind {
            WorkspaceSymbolKind::Binding => SymbolKind::VARIABLE,
            WorkspaceSymbolKind::Type => SymbolKind::STRUCT,
            WorkspaceSymbolKind::Named => SymbolKind::OBJECT,
        };
        let file = snap.analysis.name(s.file)?;
        out.push(WorkspaceSymbol {
            name: s.name,
            kind,
            tags: None,
            container_name: Some(match s.container {
                Some(container) => format!("{file} › {container}"),
                None => file,
            }),
            location: OneOf::Left(location),
            data: None,
        });
    }
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}
