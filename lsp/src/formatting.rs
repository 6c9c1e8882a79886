//! Formatting through `floe fmt`'s engine: the whole document, or the
//! lines of a range (the file is formatted whole and only the lines that
//! change within the range are replaced).

use floe_lang::format::{format, Options};
use floe_lang::ide::Cancellable;
use floe_lang::syntax::Span;
use tower_lsp_server::ls_types::{
    DocumentFormattingParams, DocumentRangeFormattingParams, Range, TextEdit, Uri,
};

use crate::convert;
use crate::request::Snapshot;

/// The edits that format the whole document; none when it does not parse.
pub fn document(
    snap: &Snapshot,
    params: DocumentFormattingParams,
) -> Cancellable<Option<Vec<TextEdit>>> {
    edits(snap, &params.text_document.uri, None)
}

/// The edits that format the lines of a range.
pub fn range(
    snap: &Snapshot,
    params: DocumentRangeFormattingParams,
) -> Cancellable<Option<Vec<TextEdit>>> {
    edits(snap, &params.text_document.uri, Some(params.range))
}

fn edits(snap: &Snapshot, uri: &Uri, within: Option<Range>) -> Cancellable<Option<Vec<TextEdit>>> {
    let Some(file) = snap.file(uri)? else {
        return Ok(None);
    };
    let text = snap.analysis.text(file)?;
    let Ok(formatted) = format(&text, Options::default()) else {
        return Ok(None);
    };
    if *formatted == *text {
        return Ok(Some(Vec::new()));
    }
    let lines = snap.lines(file)?;
    let changed = changed_lines(&text, &formatted);
    let replaced = match within {
        None => Some(changed),
        Some(range) => {
            let asked = convert::span(&lines, range, snap.encoding);
            // Formatting is all or nothing where lines change: the range
            // must cover the changed lines, else nothing is done.
            let covers = asked.start() <= changed.old.start() && changed.old.end() <= asked.end();
            covers.then_some(changed)
        }
    };
    let Some(change) = replaced else {
        return Ok(Some(Vec::new()));
    };
    Ok(Some(vec![TextEdit {
        range: convert::range(&lines, change.old, snap.encoding),
        new_text: formatted
            .get(change.new.range())
            .unwrap_or_default()
            .to_string(),
    }]))
}

/// The whole lines that differ between two texts: their span in the old
/// text and in the new one.
struct Changed {
    old: Span,
    new: Span,
}

fn changed_lines(old: &str, new: &str) -> Changed {
    // The longest common prefix and suffix of whole lines.
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let (prefix, suffix) = crate::diff::common_ends(&old_lines, &new_lines);
    let bytes = |lines: &[&str], n: usize, from_end: bool| -> usize {
        let taken: Box<dyn Iterator<Item = &&str>> = if from_end {
            Box::new(lines.iter().rev().take(n))
        } else {
            Box::new(lines.iter().take(n))
        };
        taken.map(|l| l.len()).sum()
    };
    Changed {
        old: Span::new(
            bytes(&old_lines, prefix, false),
            old.len() - bytes(&old_lines, suffix, true),
        ),
        new: Span::new(
            bytes(&new_lines, prefix, false),
            new.len() - bytes(&new_lines, suffix, true),
        ),
    }
}
