//! Terminal rendering with ariadne, and the line index that maps byte
//! offsets to line/column pairs (for plain output and, later, LSP).

use std::collections::HashMap;
use std::sync::Arc;

use ariadne::{Color, Config, IndexType, Label as AriadneLabel, Report, ReportKind};

use super::{Diagnostic, Severity};
use crate::db::{Db, SourceFile};

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
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        (line, offset - start.min(offset))
    }
}

/// Renders diagnostics as ariadne reports. `color` is decided by the caller
/// (on only for a terminal unless asked otherwise).
pub fn render(db: &dyn Db, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut texts: HashMap<SourceFile, (String, Arc<str>)> = HashMap::new();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        for label in diagnostic.primary.iter().chain(&diagnostic.secondary) {
            texts
                .entry(label.file)
                .or_insert_with(|| (label.file.name(db).clone(), label.file.text(db).clone()));
        }
        let kind = match diagnostic.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let config = Config::default()
            .with_color(color)
            .with_index_type(IndexType::Byte);
        let Some(primary) = &diagnostic.primary else {
            // Nothing to point at: a plain line in the same shape.
            let head = format!("Error[{}]: {}\n", diagnostic.code, diagnostic.message);
            out.extend_from_slice(head.as_bytes());
            for note in &diagnostic.notes {
                out.extend_from_slice(format!("  = note: {note}\n").as_bytes());
            }
            if let Some(help) = &diagnostic.help {
                out.extend_from_slice(format!("  = help: {help}\n").as_bytes());
            }
            continue;
        };
        let name = |file: SourceFile| texts.get(&file).map(|t| t.0.clone()).unwrap_or_default();
        let clamp = |file: SourceFile, r: std::ops::Range<usize>| {
            let len = texts.get(&file).map_or(0, |t| t.1.len());
            r.start.min(len)..r.end.min(len)
        };
        let mut report = Report::build(
            kind,
            (name(primary.file), clamp(primary.file, primary.span.range())),
        )
        .with_config(config)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_label(
            AriadneLabel::new((name(primary.file), clamp(primary.file, primary.span.range())))
                .with_message(&primary.message)
                .with_color(Color::Red)
                .with_order(0),
        );
        for (i, label) in diagnostic.secondary.iter().enumerate() {
            report = report.with_label(
                AriadneLabel::new((name(label.file), clamp(label.file, label.span.range())))
                    .with_message(&label.message)
                    .with_color(Color::Blue)
                    .with_order(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            );
        }
        for note in &diagnostic.notes {
            report = report.with_note(note);
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_help(help);
        }
        let cache = ariadne::sources(
            texts
                .values()
                .map(|(n, t)| (n.clone(), t.clone())),
        );
        // Writing to a Vec cannot fail.
        let _ = report.finish().write(cache, &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}
