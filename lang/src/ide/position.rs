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

impl Lines {
    /// The lines of `text`, for a text that is not (yet) in the database:
    /// an editor applies a batch of edits one after the other, each
    /// positioned in the text the previous one left.
    pub fn new(text: &str) -> Lines {
        Lines(Arc::new(LineIndex::new(text)))
    }

    /// `offset` as a line and column; an offset past the end is the end.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        of_offset(self, offset, encoding)
    }

    /// The byte offset of `position`, if it is in the text.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Option<usize> {
        to_offset(self, position, encoding)
    }

    /// The byte offset of `position`, moved into the text when it is not:
    /// a column past its line's end is the line's end, a line past the
    /// last is the end of the text, and a column inside a character is
    /// that character's start. Editors send such positions after edits
    /// they have not told yet.
    pub fn clamped_offset(&self, position: Position, encoding: Encoding) -> usize {
        let Some(line) = self.0.line(position.line) else {
            return u32::from(self.0.len()) as usize;
        };
        // The line's range ends after its line break, if it has one.
        let mut end = u32::from(line.end()) as usize;
        if end > u32::from(line.start()) as usize
            && of_offset(self, end, Encoding::Utf8).line != position.line
        {
            end -= 1;
        }
        let width = of_offset(self, end, encoding).character;
        let mut column = position.character.min(width);
        // Inside a character: at most three units back reach its start.
        for _ in 0..4 {
            let at = Position {
                line: position.line,
                character: column,
            };
            if let Some(offset) = to_offset(self, at, encoding) {
                return offset.min(end);
            }
            column = column.saturating_sub(1);
        }
        u32::from(line.start()) as usize
    }
}

/// The line index of `file`.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: SourceFile) -> Lines {
    Lines::new(file.text(db))
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
    // Inside a character is not a place in the text.
    lines.0.try_line_col(offset)?;
    Some(u32::from(offset) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn clamped_offsets_stay_in_the_text_on_character_boundaries() {
        // `🦀` is four bytes and two UTF-16 units.
        let text = "ab\n🦀c\nlast";
        let lines = Lines::new(text);
        let utf16 = |l, c| lines.clamped_offset(at(l, c), Encoding::Utf16);
        assert_eq!(utf16(0, 1), 1);
        assert_eq!(
            utf16(0, 99),
            2,
            "past a line's end: its end, not the next line"
        );
        assert_eq!(utf16(1, 1), 3, "inside the crab: its start");
        assert_eq!(utf16(1, 2), 7);
        assert_eq!(utf16(1, 3), 8);
        assert_eq!(utf16(2, 4), text.len());
        assert_eq!(utf16(7, 0), text.len(), "past the last line: the end");
        assert_eq!(lines.clamped_offset(at(1, 2), Encoding::Utf8), 3);
        assert_eq!(lines.offset(at(1, 1), Encoding::Utf16), None);
        for line in 0..4 {
            for character in 0..12 {
                for encoding in [Encoding::Utf8, Encoding::Utf16] {
                    let offset = lines.clamped_offset(at(line, character), encoding);
                    assert!(text.is_char_boundary(offset), "{line}:{character}");
                }
            }
        }
    }
}
