//! The document outline: bindings, types and fields, nested as written.

use floe_lang::ide::{Cancellable, Symbol, SymbolKind as Kind};
use floe_lang::SourceFile;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind,
};

use crate::request::Snapshot;

/// The outline of the requested document.
pub fn document(
    snap: &Snapshot,
    params: DocumentSymbolParams,
) -> Cancellable<Option<DocumentSymbolResponse>> {
    let Some(file) = snap.file(&params.text_document.uri)? else {
        return Ok(None);
    };
    let symbols = snap.analysis.symbols(file)?;
    let converted = convert(snap, file, symbols)?;
    Ok(Some(DocumentSymbolResponse::Nested(converted)))
}

fn convert(
    snap: &Snapshot,
    file: SourceFile,
    symbols: Vec<Symbol>,
) -> Cancellable<Vec<DocumentSymbol>> {
    let mut out = Vec::with_capacity(symbols.len());
    for s in symbols {
        let kind = match s.kind {
            Kind::Binding => SymbolKind::VARIABLE,
            Kind::Function => SymbolKind::FUNCTION,
            Kind::Type => SymbolKind::STRUCT,
            Kind::Field | Kind::TypeField => SymbolKind::FIELD,
        };
        let children = convert(snap, file, s.children)?;
        #[allow(deprecated)]
        out.push(DocumentSymbol {
            name: s.name,
            detail: None,
            kind,
            tags: None,
            deprecated: None,
            range: snap.range(file, s.span)?,
            selection_range: snap.range(file, s.name_span)?,
            children: (!children.is_empty()).then_some(children),
        });
    }
    Ok(out)
}
