//! Hover: the documentation at the cursor (a builtin's signature, a schema
//! field's mode, type and doc comment, a binding's type and comment), else
//! the type of the expression there; for a field a layer sets, its
//! provenance: the layers that set it and the schema's rule.

use floe_lang::ide::{Cancellable, Provenance};
use floe_lang::syntax::Span;
use floe_lang::SourceFile;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::request::Snapshot;

/// The hover at the request's position.
pub fn hover(snap: &Snapshot, params: HoverParams) -> Cancellable<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = snap.file_offset(&at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let mut text = match snap.analysis.docs_at(file, offset)? {
        Some(docs) => {
            let mut text = code_block(&docs.title);
            if let Some(doc) = docs.doc.filter(|d| !d.trim().is_empty()) {
                text.push_str("\n---\n");
                text.push_str(doc.trim());
            }
            text
        }
        None => match snap.analysis.type_at(file, offset)? {
            Some(ty) => code_block(&ty),
            None => return Ok(None),
        },
    };
    if let Some(p) = snap.analysis.provenance_at(file, offset)? {
        text.push_str("\n\n---\n");
        text.push_str(&provenance(snap, &p)?);
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    }))
}

/// `file:line` of a place, with the line's text.
fn place(snap: &Snapshot, file: SourceFile, span: Span) -> Cancellable<String> {
    let (line, text) = snap.analysis.line_of(file, span.start())?;
    let name = snap.analysis.name(file)?;
    Ok(format!("{name}:{} `{}`", line + 1, text.replace('`', "'")))
}

/// The layers that set a field and the schema's rule, as `floe explain`
/// prints them.
fn provenance(snap: &Snapshot, p: &Provenance) -> Cancellable<String> {
    // The value on one line: `[ "spark" ]`.
    let value: Vec<&str> = p.value.lines().map(str::trim).collect();
    let mut out = format!("`{}` = `{}`\n\n", p.path, value.join(" "));
    if let Some(rule) = &p.rule {
        let (line, _) = snap.analysis.line_of(rule.file, rule.span.start())?;
        let name = snap.analysis.name(rule.file)?;
        out.push_str(&format!(
            "rule: `{}` (declared at {name}:{})\n\n",
            rule.mode,
            line + 1
        ));
    }
    if !p.set_by.is_empty() {
        out.push_str("set by, oldest layer first:\n");
        let last = p.set_by.len().saturating_sub(1);
        for (i, layer) in p.set_by.iter().enumerate() {
            let role = if layer.default {
                " (the schema's default)"
            } else if i == last && i > 0 {
                " (wins)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{}. {}{role}\n",
                i + 1,
                place(snap, layer.file, layer.span)?
            ));
        }
    }
    Ok(out)
}

fn code_block(code: &str) -> String {
    format!("```floe\n{code}\n```")
}
