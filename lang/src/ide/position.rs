//! Positions as editors count them: lines and columns in UTF-16 code units
//! (the language server protocol's default) or in UTF-8 bytes.

use std::sync::Arc;

use ::line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};

use crate::db::{Db, SourceFile};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units.
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Position {
    /// The line, from 0.
    pub line: u32,
    /// The column, from 0, in the encoding asked for.
    pub character: u32,
}

/// Where a file's lines start and which characters are wide, kept per file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines(Arc<LineIndex>);

/// The line index of `file`.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: SourceFile) -> Lines {
    Lines(Arc::new(LineIndex::new(file.text(db))))
}

pub(super) fn of_offset(lines: &Lines, offset: usize, encoding: Encoding) -> Position {
    let len = lines.0.len();
    let at = TextSize::try_from(offset).map_or(len, |o| o.min(len));
    // An offset inside a character counts as the character's start.
    let line_col = lines
        .0
        .try_line_col(at)
        .unwrap_or_else(|| lines.0.line_col(len));
    match encoding {
        Encoding::Utf8 => Position {
            line: line_col.line,
            character: line_col.col,
        },
        Encoding::Utf16 => match lines.0.to_wide(WideEncoding::Utf16, line_col) {
            Some(wide) => Position {
                line: wide.line,
                character: wide.col,
            },
            None => Position {
                line: line_col.line,
                character: line_col.col,
            },
        },
    }
}

pub(super) fn to_offset(lines: &Lines, position: Position, encoding: Encoding) -> Option<usize> {
    let line_col = match encoding {
        Encoding::Utf8 => LineCol {
            line: position.line,
            col: position.character,
        },
        Encoding::Utf16 => lines.0.to_utf8(
            WideEncoding::Utf16,
            WideLineCol {
                line: position.line,
                col: position.character,
            },
        )?,
    };
    let offset = lines.0.offset(line_col)?;
    (offset <= lines.0.len()).then(|| u32::from(offset) as usize)
}
