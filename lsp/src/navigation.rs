//! Go to definition, go to type definition and find references, in any
//! file of the workspace.

use floe_lang::ide::Cancellable;
use floe_lang::syntax::Span;
use floe_lang::SourceFile;
use tower_lsp_server::ls_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams,
};

use crate::request::Snapshot;

fn locations(snap: &Snapshot, places: Vec<(SourceFile, Span)>) -> Cancellable<Vec<Location>> {
    let mut out = Vec::with_capacity(places.len());
    for (file, span) in places {
        if let Some(location) = snap.location(file, span)? {
            if !out.contains(&location) {
                out.push(location);
            }
        }
    }
    Ok(out)
}

/// The places `ask` gives for the cursor, as a jump.
fn goto(
    snap: &Snapshot,
    params: GotoDefinitionParams,
    ask: impl FnOnce(SourceFile, usize) -> Cancellable<Vec<(SourceFile, Span)>>,
) -> Cancellable<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let found = locations(snap, ask(file, offset)?)?;
    Ok((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
}

/// Where what is at the cursor is defined.
pub fn definition(
    snap: &Snapshot,
    params: GotoDefinitionParams,
) -> Cancellable<Option<GotoDefinitionResponse>> {
    goto(snap, params, |file, offset| {
        snap.analysis.definition_at(file, offset)
    })
}

/// Every place that refers to what is at the cursor; the declaration only
/// when the client asks for it.
pub fn references(snap: &Snapshot, params: ReferenceParams) -> Cancellable<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let mut places = snap.analysis.references_at(file, offset)?;
    if !params.context.include_declaration {
        let declared = snap.analysis.definition_at(file, offset)?;
        places.retain(|p| !declared.contains(p));
    }
    let found = locations(snap, places)?;
    Ok((!found.is_empty()).then_some(found))
}

/// Where the type of what is at the cursor is declared.
pub fn type_definition(
    snap: &Snapshot,
    params: GotoDefinitionParams,
) -> Cancellable<Option<GotoDefinitionResponse>> {
    goto(snap, params, |file, offset| {
        snap.analysis.type_definition_at(file, offset)
    })
}
