//! Semantic tokens, whole and as a delta against the previous answer for
//! the same document (the common prefix and suffix kept, one edit for the
//! rest).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use floe_lang::ide::{Cancellable, Encoding, HighlightKind};
use floe_lang::syntax::Span;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensDeltaParams, SemanticTokensEdit, SemanticTokensFullDeltaResult,
    SemanticTokensLegend, SemanticTokensParams, SemanticTokensResult, Uri,
};

use crate::request::Snapshot;

/// The token types, in the order of [`HighlightKind`]'s index here.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::TYPE,
];

const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;

/// The legend the server announces.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

fn index(kind: HighlightKind) -> u32 {
    match kind {
        HighlightKind::Keyword => 0,
        HighlightKind::Comment => 1,
        HighlightKind::String => 2,
        HighlightKind::Number => 3,
        HighlightKind::Operator => 4,
        HighlightKind::Variable => 5,
        HighlightKind::Function => 6,
        HighlightKind::Parameter => 7,
        HighlightKind::Property => 8,
        HighlightKind::Type => 9,
    }
}

/// A document's last answer: its result id and tokens.
type Answer = (String, Vec<SemanticToken>);

/// The last answer for each document, for deltas.
#[derive(Clone, Default)]
pub struct Previous(Arc<Mutex<HashMap<Uri, Answer>>>);

impl Previous {
    fn remember(&self, uri: Uri, tokens: &[SemanticToken]) -> String {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let next = map
            .get(&uri)
            .and_then(|(id, _)| id.parse::<u64>().ok())
            .map_or(1, |n| n + 1);
        let id = next.to_string();
        map.insert(uri, (id.clone(), tokens.to_vec()));
        id
    }

    fn get(&self, uri: &Uri, id: &str) -> Option<Vec<SemanticToken>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(uri)
            .filter(|(known, _)| known == id)
            .map(|(_, tokens)| tokens.clone())
    }
}

fn tokens(snap: &Snapshot, uri: &Uri) -> Cancellable<Option<Vec<SemanticToken>>> {
    let Some(file) = snap.file(uri)? else {
        return Ok(None);
    };
    let lines = snap.lines(file)?;
    let text = snap.analysis.text(file)?;
    let mut out = Vec::new();
    let (mut line, mut start) = (0, 0);
    for h in snap.analysis.highlights(file)? {
        let modifiers = if h.declaration { DECLARATION } else { 0 }
            | if h.builtin { DEFAULT_LIBRARY } else { 0 };
        // A token is on one line; a multi-line one (an indented string's
        // text) is sent line by line.
        for piece in line_pieces(&text, h.span) {
            let at = lines.position(piece.start(), snap.encoding);
            let end = lines.position(piece.end(), snap.encoding);
            let length = if snap.encoding == Encoding::Utf8 {
                piece.end() - piece.start()
            } else {
                end.character.saturating_sub(at.character) as usize
            };
            if length == 0 {
                continue;
            }
            let delta_start = if at.line == line {
                at.character - start
            } else {
                at.character
            };
            out.push(SemanticToken {
                delta_line: at.line - line,
                delta_start,
                length: length as u32,
                token_type: index(h.kind),
                token_modifiers_bitset: modifiers,
            });
            line = at.line;
            start = at.character;
        }
    }
    Ok(Some(out))
}

/// The parts of `span` on each of its lines.
fn line_pieces(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start();
    for (i, _) in text.get(span.range()).unwrap_or("").match_indices('\n') {
        out.push(Span::new(start, span.start() + i));
        start = span.start() + i + 1;
    }
    out.push(Span::new(start, span.end()));
    out
}

/// Every token of the requested document.
pub fn full(
    snap: &Snapshot,
    previous: &Previous,
    params: SemanticTokensParams,
) -> Cancellable<Option<SemanticTokensResult>> {
    let uri = params.text_document.uri;
    let Some(data) = tokens(snap, &uri)? else {
        return Ok(None);
    };
    let id = previous.remember(uri, &data);
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: Some(id),
        data,
    })))
}

/// The change since the answer `previous_result_id`, or every token when
/// that answer is not known any more.
pub fn delta(
    snap: &Snapshot,
    previous: &Previous,
    params: SemanticTokensDeltaParams,
) -> Cancellable<Option<SemanticTokensFullDeltaResult>> {
    let uri = params.text_document.uri;
    let Some(data) = tokens(snap, &uri)? else {
        return Ok(None);
    };
    let before = previous.get(&uri, &params.previous_result_id);
    let id = previous.remember(uri, &data);
    let Some(before) = before else {
        return Ok(Some(SemanticTokensFullDeltaResult::Tokens(
            SemanticTokens {
                result_id: Some(id),
                data,
            },
        )));
    };
    let (prefix, suffix) = crate::diff::common_ends(&before, &data);
    let old_rest = before.get(prefix..).unwrap_or_default();
    let new_rest = data.get(prefix..).unwrap_or_default();
    let inserted = new_rest.get(..new_rest.len() - suffix).unwrap_or_default();
    let deleted = old_rest.len() - suffix;
    let edits = if deleted == 0 && inserted.is_empty() {
        Vec::new()
    } else {
        vec![SemanticTokensEdit {
            // In integers: five per token.
            start: (prefix * 5) as u32,
            delete_count: (deleted * 5) as u32,
            data: Some(inserted.to_vec()),
        }]
    };
    Ok(Some(SemanticTokensFullDeltaResult::TokensDelta(
        SemanticTokensDelta {
            result_id: Some(id),
            edits,
        },
    )))
}
