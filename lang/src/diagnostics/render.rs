//! Terminal rendering with ariadne, and the line index that maps byte
//! offsets to line/column pairs (for plain output and, later, LSP).

use std::collections::HashMap;
use std::sync::Arc;

use ariadne::{Color, Config, IndexType, Label as AriadneLabel, Report, ReportKind};

use super::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Maps byte offsets of one text to zero-based line and column numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Zero-based line and byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        (line, offset - start.min(offset))
    }
}

/// Lines longer than this are shown as a window around the labels, so that
/// a diagnostic in a 50 MB one-line file prints a few hundred bytes.
const MAX_LINE: usize = 240;

/// A file's text as shown in diagnostics: over-long lines clipped.
struct Shown {
    text: String,
    /// Kept pieces: original start, original end, start in `text`.
    pieces: Vec<(usize, usize, usize)>,
    /// Characters of `text` before each [`BLOCK`] bytes, so that a byte
    /// offset becomes a character offset without counting from the start.
    blocks: Vec<usize>,
}

const BLOCK: usize = 4096;

/// Characters that start in `bytes` (those that are not continuation
/// bytes), whatever boundaries the range has.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl Shown {
    fn new(text: &str, anchors: &[usize]) -> Shown {
        let (text, pieces) = Shown::clipped(text, anchors);
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut before = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            blocks.push(before);
            before += chars_in(block);
        }
        Shown {
            text,
            pieces,
            blocks,
        }
    }

    /// The character offset in the shown text of the byte offset `offset`
    /// of the original: ariadne places labels and each group's
    /// `file:line:col` header by characters.
    fn char_offset(&self, offset: usize) -> usize {
        let at = self.map(offset).min(self.text.len());
        let block = at / BLOCK;
        let start = block * BLOCK;
        self.blocks.get(block).copied().unwrap_or(0)
            + chars_in(self.text.as_bytes().get(start..at).unwrap_or(&[]))
    }

    fn clipped(text: &str, anchors: &[usize]) -> (String, Vec<(usize, usize, usize)>) {
        if text.len() <= MAX_LINE || !text.split('\n').any(|l| l.len() > MAX_LINE) {
            return (text.to_string(), vec![(0, text.len(), 0)]);
        }
        let mut out = String::new();
        let mut pieces = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let line_end = line_start + line.len();
            let body_end = line_start + line.trim_end_matches('\n').len();
            if line.len() <= MAX_LINE {
                pieces.push((line_start, line_end, out.len()));
                out.push_str(line);
            } else {
                let anchor = anchors
                    .iter()
                    .copied()
                    .find(|a| (line_start..=body_end).contains(a))
                    .unwrap_or(line_start);
                let mut start = anchor.saturating_sub(80).max(line_start);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + MAX_LINE).min(body_end);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                if start > line_start {
                    out.push('…');
                }
                pieces.push((start, end, out.len()));
                out.push_str(&text[start..end]);
                if end < body_end {
                    out.push('…');
                }
                out.push('\n');
            }
            line_start = line_end;
        }
        (out, pieces)
    }

    fn map(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.0 <= offset)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some(&(start, end, new)) => new + offset.clamp(start, end) - start,
            None => 0,
        }
    }
}

/// Longest message, label, note or help shown whole.
const MAX_MESSAGE: usize = 400;

/// `text`, or its start and end around an ellipsis when it is longer than
/// [`MAX_MESSAGE`] (a name of a hundred thousand characters, say).
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_MESSAGE {
        return std::borrow::Cow::Borrowed(text);
    }
    let cut = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let head = cut(MAX_MESSAGE / 2);
    let tail = cut(text.len() - MAX_MESSAGE / 4);
    let omitted = text.len() - head - (text.len() - tail);
    std::borrow::Cow::Owned(format!(
        "{} … ({omitted} bytes not shown) … {}",
        text.get(..head).unwrap_or(""),
        text.get(tail..).unwrap_or("")
    ))
}

/// Renders diagnostics as ariadne reports. `color` is decided by the caller
/// (on only for a terminal unless asked otherwise).
pub fn render(db: &dyn salsa::Database, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut resolved;
    let diagnostics = if diagnostics
        .iter()
        .flat_map(|d| d.primary.iter().chain(&d.secondary))
        .any(|l| matches!(l.at, super::At::Anchor(_)))
    {
        resolved = diagnostics.to_vec();
        // Callers pass diagnostics resolved by the queries that report
        // them; any anchor left is looked up in the file's text.
        super::resolve(&mut resolved, |file| {
            Arc::new(crate::syntax::anchor::Anchors::of_text(file.text(db)))
        });
        &resolved[..]
    } else {
        diagnostics
    };
    let mut anchors: HashMap<SourceFile, Vec<usize>> = HashMap::new();
    for d in diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            anchors
                .entry(label.file)
                .or_default()
                .push(label.span().start());
        }
    }
    let texts: HashMap<SourceFile, (String, Arc<str>, Shown)> = anchors
        .iter()
        .map(|(file, anchors)| {
            let text = file.text(db).clone();
            let shown = Shown::new(&text, anchors);
            (
                *file,
                (file.name(db).clone(), Arc::from(shown.text.as_str()), shown),
            )
        })
        .collect();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let kind = match diagnostic.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let config = Config::default()
            .with_color(color)
            .with_index_type(IndexType::Char);
        let Some(primary) = &diagnostic.primary else {
            // Nothing to point at: a plain line in the same shape.
            let head = format!(
                "Error[{}]: {}\n",
                diagnostic.code,
                clip(&diagnostic.message)
            );
            out.extend_from_slice(head.as_bytes());
            for note in &diagnostic.notes {
                out.extend_from_slice(format!("  = note: {}\n", clip(note)).as_bytes());
            }
            if let Some(help) = &diagnostic.help {
                out.extend_from_slice(format!("  = help: {}\n", clip(help)).as_bytes());
            }
            continue;
        };
        let name = |file: SourceFile| texts.get(&file).map(|t| t.0.clone()).unwrap_or_default();
        let clamp = |file: SourceFile, r: std::ops::Range<usize>| match texts.get(&file) {
            Some((_, _, shown)) => shown.char_offset(r.start)..shown.char_offset(r.end),
            None => 0..0,
        };
        // The report's own place is a source no label has: ariadne then
        // heads each group of labels with the place of its first label
        // (the primary label heads the first group), where it would head
        // every group in the primary's file with the primary's place.
        let mut report = Report::build(kind, (String::from("\0"), 0..0))
            .with_config(config)
            .with_code(diagnostic.code)
            .with_message(clip(&diagnostic.message))
            .with_label(
                AriadneLabel::new((
                    name(primary.file),
                    clamp(primary.file, primary.span().range()),
                ))
                .with_message(clip(&primary.message))
                .with_color(Color::Red)
                .with_order(0),
            );
        for (i, label) in diagnostic.secondary.iter().enumerate() {
            report = report.with_label(
                AriadneLabel::new((name(label.file), clamp(label.file, label.span().range())))
                    .with_message(clip(&label.message))
                    .with_color(Color::Blue)
                    .with_order(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            );
        }
        for note in &diagnostic.notes {
            report = report.with_note(clip(note));
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_help(clip(help));
        }
        let cache = ariadne::sources(texts.values().map(|(n, t, _)| (n.clone(), t.clone())));
        // Writing to a Vec cannot fail.
        let _ = report.finish().write(cache, &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}
