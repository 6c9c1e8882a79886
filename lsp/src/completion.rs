//! Completion: the IDE layer's completions at the cursor, with their
//! documentation as Markdown.

use floe_lang::ide::{Cancellable, Completion, CompletionKind};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

use crate::request::Snapshot;

/// The completions at the request's position.
pub fn completion(
    snap: &Snapshot,
    params: CompletionParams,
) -> Cancellable<Option<CompletionResponse>> {
    let at = params.text_document_position;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let lines = snap.lines(file)?;
    let items: Vec<CompletionItem> = snap
        .analysis
        .completions(file, offset)?
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let range = c
                .replace
                .map(|span| crate::convert::range(&lines, span, snap.encoding));
            item(i, c, range)
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

fn item(rank: usize, c: Completion, replace: Option<Range>) -> CompletionItem {
    let kind = match c.kind {
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Binding => CompletionItemKind::VARIABLE,
        CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        CompletionKind::Type => CompletionItemKind::STRUCT,
        CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::File => CompletionItemKind::FILE,
    };
    let text_edit = replace.map(|range| {
        CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: c.insert.clone().unwrap_or_else(|| c.label.clone()),
        })
    });
    CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: c.detail,
        documentation: c.doc.map(|doc| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: doc,
            })
        }),
        text_edit,
        insert_text: c.insert,
        // The IDE layer's order (innermost names first, builtins and
        // keywords last) is kept by clients that sort by this text.
        sort_text: Some(format!("{rank:04}")),
        ..CompletionItem::default()
    }
}
