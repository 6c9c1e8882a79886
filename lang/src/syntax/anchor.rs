//! Places in a file that do not move when text around them moves.
//!
//! A byte span changes whenever anything before it is edited, even a
//! comment. The lowered tree, and what one file's analysis hands to another
//! (the declaration of a schema field, where a refinement or a parent's
//! value is written), therefore name places by tokens instead: an
//! [`Anchor`] is a range of token ordinals, white space and comments not
//! counted. Text that only moves leaves every anchor of the file as it
//! was, so what is built from them compares equal and is not computed
//! again. The file's [`Anchors`] turn a span into an anchor and back, to
//! show it.

use super::lexer::Token;
use super::Span;

/// The tokens `first..end` of a file (ordinals among its tokens, trivia not
/// counted). An empty range stands for the point before token `first`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    first: u32,
    end: u32,
}

/// The token boundaries of one file: its source map from anchors to spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Anchors {
    starts: Vec<u32>,
    ends: Vec<u32>,
    len: u32,
}

impl Anchors {
    /// The boundaries of `tokens`, the lexer's tokens of a text `len` bytes
    /// long.
    pub fn of(tokens: &[(Token<'_>, Span)], len: usize) -> Anchors {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Anchors {
            starts: tokens.iter().map(|(_, s)| clamp(s.start())).collect(),
            ends: tokens.iter().map(|(_, s)| clamp(s.end())).collect(),
            len: clamp(len),
        }
    }

    /// The boundaries of the tokens of `src`.
    pub fn of_text(src: &str) -> Anchors {
        Anchors::of(&super::lexer::lex(src).tokens, src.len())
    }

    /// The tokens `span` covers. A span that starts or ends inside a token
    /// widens to the whole token.
    pub fn anchor(&self, span: Span) -> Anchor {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        // The first token ending after the span's start, and the first
        // token starting at or after its end.
        let first = self.ends.partition_point(|&e| e <= span.start() as u32);
        let end = if span.end() == span.start() {
            first
        } else {
            self.starts.partition_point(|&s| s < span.end() as u32)
        };
        Anchor {
            first: clamp(first),
            end: clamp(end.max(first)),
        }
    }

    /// The bytes `anchor` covers; an empty anchor is the point before its
    /// token (the end of the text after the last one).
    pub fn span(&self, anchor: Anchor) -> Span {
        let at = |v: &[u32], i: u32| v.get(i as usize).copied();
        let start = at(&self.starts, anchor.first).unwrap_or(self.len);
        if anchor.end <= anchor.first {
            return Span::new(start as usize, start as usize);
        }
        let end = anchor
            .end
            .checked_sub(1)
            .and_then(|last| at(&self.ends, last))
            .unwrap_or(self.len)
            .max(start);
        Span::new(start as usize, end as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_survive_moved_text() {
        let a = "{ port = 8080, name = \"x\" }";
        let b = "# the service\n{\n  port   = 8080,\n\n  name = \"x\" }";
        let (ma, mb) = (Anchors::of_text(a), Anchors::of_text(b));
        let port = |s: &str| {
            let at = s.find("port").unwrap_or(0);
            Span::new(at, at + "port = 8080".len())
        };
        let anchor = ma.anchor(port(a));
        assert_eq!(anchor, mb.anchor(port(b)).clone());
        assert_eq!(&a[ma.span(anchor).range()], "port = 8080");
        assert_eq!(&b[mb.span(anchor).range()], "port   = 8080");
    }

    #[test]
    fn points_and_ends() {
        let src = "a + b";
        let m = Anchors::of_text(src);
        let point = m.anchor(Span::new(2, 2));
        assert_eq!(m.span(point), Span::new(2, 2));
        let past = m.anchor(Span::new(5, 5));
        assert_eq!(m.span(past), Span::new(5, 5));
        let inside = m.anchor(Span::new(1, 3));
        assert_eq!(m.span(inside), Span::new(2, 3));
        assert_eq!(Anchors::default().span(point), Span::new(0, 0));
    }
}
