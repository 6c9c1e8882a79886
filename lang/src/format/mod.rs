//! The formatter: one canonical layout of a file, printed from its lossless
//! tree. The only choice left to the user is the width.
//!
//! Layout is decided by a Wadler-style printer (the `pretty` crate): every
//! bracketed group, operator chain and `let` is a group that stays on one
//! line when it fits and breaks, one element per line, when it does not.
//! What the file said is never touched: tokens are printed as written
//! (strings, indented strings and numbers verbatim), only the white space
//! between them and the trailing commas of broken groups are the
//! formatter's. Comments are kept where they were: before the element
//! they precede, or after the one on whose line they end. A single blank
//! line between the elements of a group is kept.
//!
//! The result is checked before it is returned: it must parse without
//! error to the same tokens (trailing commas aside) and the same comments,
//! in the same order. A formatter bug therefore shows as an error, never
//! as a changed program.

mod layout;
mod pieces;
mod types;

use pretty::RcDoc;

use crate::syntax::lexer::Sym;
use crate::syntax::{Parse, SyntaxError, SyntaxKind, SyntaxNode};

/// The width a line is kept within where it can be, by default.
pub const DEFAULT_WIDTH: usize = 100;

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The width lines are kept within where they can be.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            width: DEFAULT_WIDTH,
        }
    }
}

/// Why a file was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The file does not parse; it is left as it is.
    Syntax(Vec<SyntaxError>),
    /// The formatted text would not mean what the file meant (a formatter
    /// bug); what differs.
    Changed(String),
}

/// Marks text printed exactly as written: the line breaks of a multi-line
/// string are its own, and its spaces are never trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Verbatim;

type Doc = RcDoc<'static, Verbatim>;

/// `src` in canonical layout.
pub fn format(src: &str, options: Options) -> Result<String, FormatError> {
    let parse = Parse::of(src);
    if !parse.errors.is_empty() {
        return Err(FormatError::Syntax(parse.errors));
    }
    let root = parse.tree.root();
    let depth = parse.tree.depth();
    // Building and dropping documents recurses once per level of the tree.
    let need = depth.saturating_mul(8 * 1024).max(256 * 1024);
    let text = stacker::maybe_grow(need, need, || {
        let doc = layout::root(&root);
        let mut out = Out::default();
        // The writer never fails, and the document has no failing part
        // outside a group that breaks.
        let _ = doc.render_raw(options.width.max(1), &mut out);
        out.finish()
    });
    check_same(&root, &text)?;
    Ok(text)
}

/// Collects the printed text, dropping the spaces the printer leaves at
/// the end of a line (its indentation of a blank line, say) but never
/// those of a string.
#[derive(Default)]
struct Out {
    text: String,
    /// Nesting of verbatim text being written.
    verbatim: usize,
    /// The text up to here is verbatim and must not be trimmed.
    keep: usize,
}

impl Out {
    fn trim_line_end(&mut self) {
        while self.text.len() > self.keep && self.text.ends_with(' ') {
            self.text.pop();
        }
    }

    fn finish(mut self) -> String {
        self.trim_line_end();
        while self.text.len() > self.keep && self.text.ends_with('\n') {
            self.text.pop();
        }
        self.text.push('\n');
        self.text
    }
}

impl pretty::Render for Out {
    type Error = ();

    fn write_str(&mut self, s: &str) -> Result<usize, ()> {
        if self.verbatim == 0 && s.starts_with('\n') {
            self.trim_line_end();
        }
        self.text.push_str(s);
        if self.verbatim > 0 {
            self.keep = self.text.len();
        }
        Ok(s.len())
    }

    fn fail_doc(&self) {}
}

impl pretty::RenderAnnotated<'_, Verbatim> for Out {
    fn push_annotation(&mut self, _: &Verbatim) -> Result<(), ()> {
        self.verbatim += 1;
        Ok(())
    }

    fn pop_annotation(&mut self) -> Result<(), ()> {
        self.verbatim = self.verbatim.saturating_sub(1);
        Ok(())
    }
}

/// The tokens that carry meaning, with the commas that only end a group
/// left out, and the comments, of a tree.
fn meaning(root: &SyntaxNode) -> (Vec<(SyntaxKind, String)>, Vec<String>) {
    let mut tokens: Vec<(SyntaxKind, String)> = Vec::new();
    let mut comments = Vec::new();
    for token in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        match token.kind() {
            SyntaxKind::Whitespace => continue,
            SyntaxKind::Comment => {
                comments.push(token.text().trim_end().to_string());
                continue;
            }
            SyntaxKind::Sym(Sym::RBrace | Sym::RBracket | Sym::In)
                if tokens
                    .last()
                    .is_some_and(|(k, _)| *k == SyntaxKind::Sym(Sym::Comma)) =>
            {
                tokens.pop();
            }
            _ => {}
        }
        tokens.push((token.kind(), token.text().to_string()));
    }
    (tokens, comments)
}

/// Fails unless `after` parses cleanly to what the tree `before` meant.
fn check_same(before: &SyntaxNode, after: &str) -> Result<(), FormatError> {
    let parsed = Parse::of(after);
    if let Some(first) = parsed.errors.first() {
        return Err(FormatError::Changed(format!(
            "the formatted text does not parse: {first:?}"
        )));
    }
    let (tokens_before, comments_before) = meaning(before);
    let (tokens_after, comments_after) = meaning(&parsed.tree.root());
    if comments_before != comments_after {
        return Err(FormatError::Changed(format!(
            "comments differ ({} before, {} after)",
            comments_before.len(),
            comments_after.len()
        )));
    }
    if tokens_before != tokens_after {
        let at = tokens_before
            .iter()
            .zip(&tokens_after)
            .position(|(a, b)| a != b)
            .unwrap_or(tokens_before.len().min(tokens_after.len()));
        return Err(FormatError::Changed(format!(
            "tokens differ from token {at}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(before: &str, after: &str) -> Result<(), FormatError> {
        check_same(&Parse::of(before).tree.root(), after)
    }

    #[test]
    fn the_check_accepts_only_white_space_and_trailing_commas() {
        assert_eq!(check("[a, b,]", "[\n  a,\n  b\n]\n"), Ok(()));
        assert_eq!(check("let x = 1, in x # c", "let x = 1 in x # c\n"), Ok(()));
        // A lost separator, a lost comment, a commented-out token, a
        // changed string: each is refused.
        for (before, after) in [
            ("[a, b]", "[a b]\n"),
            ("1 # c", "1\n"),
            ("{ a = 1 } # c", "{ a = 1 # c }\n"),
            ("\"a b\"", "\"a  b\"\n"),
        ] {
            assert!(
                matches!(check(before, after), Err(FormatError::Changed(_))),
                "{before} → {after}"
            );
        }
    }
}
