//! A node's children as the layout reads them: the tokens and nodes that
//! carry meaning, each with the comments written before it, and the small
//! documents every layout is made of.

use pretty::RcDoc;

use super::{Doc, Verbatim};
use crate::syntax::kind::SyntaxKind;
use crate::syntax::{SyntaxElement, SyntaxNode};

/// A comment between two children.
#[derive(Clone, Debug)]
pub(super) struct Note {
    /// Its text, without trailing white space.
    pub text: String,
    /// Whether it ends the line of the child before it (else it has a line
    /// of its own).
    pub trailing: bool,
    /// Whether a blank line comes before it.
    pub blank: bool,
}

/// A child that carries meaning.
#[derive(Clone, Debug)]
pub(super) struct Kid {
    pub el: SyntaxElement,
    /// The comments between the previous child and this one.
    pub notes: Vec<Note>,
    /// Whether a blank line comes right before it (after its comments).
    pub gap: bool,
}

impl Kid {
    /// The kind of the child.
    pub fn kind(&self) -> SyntaxKind {
        self.el.kind()
    }

    /// The child as a node, when it is one.
    pub fn node(&self) -> Option<&SyntaxNode> {
        self.el.as_node()
    }
}

/// The children of `node`: those that carry meaning, with their comments,
/// and the comments after the last one.
pub(super) fn kids(node: &SyntaxNode) -> (Vec<Kid>, Vec<Note>) {
    let mut kids = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut newlines = 0usize;
    let mut first = true;
    for el in node.children_with_tokens() {
        match el.kind() {
            SyntaxKind::Whitespace => {
                if let Some(t) = el.as_token() {
                    newlines += t.text().matches('\n').count();
                }
            }
            SyntaxKind::Comment => {
                let text = el
                    .as_token()
                    .map(|t| t.text().trim_end().to_string())
                    .unwrap_or_default();
                notes.push(Note {
                    text,
                    trailing: newlines == 0 && !first && notes.is_empty(),
                    blank: newlines >= 2,
                });
                newlines = 0;
            }
            _ => {
                kids.push(Kid {
                    el,
                    notes: std::mem::take(&mut notes),
                    gap: newlines >= 2,
                });
                newlines = 0;
                first = false;
            }
        }
    }
    (kids, notes)
}

/// Whether `node` or anything in it is a comment.
pub(super) fn has_comment(node: &SyntaxNode) -> bool {
    node.descendants_with_tokens()
        .any(|e| e.kind() == SyntaxKind::Comment)
}

/// Plain text (without line breaks).
pub(super) fn text(s: impl Into<String>) -> Doc {
    RcDoc::text(s.into())
}

/// A line break, or a space when the group stays on one line.
pub(super) fn line() -> Doc {
    RcDoc::line()
}

/// A line break, or nothing when the group stays on one line.
pub(super) fn line_() -> Doc {
    RcDoc::line_()
}

/// A line break in any case.
pub(super) fn hardline() -> Doc {
    RcDoc::hardline()
}

/// `s` when the group around breaks, nothing when it stays on one line.
pub(super) fn if_broken(s: &str) -> Doc {
    text(s).flat_alt(RcDoc::nil())
}

/// Text exactly as written. Its own line breaks stay, and the lines after
/// the first are not indented: they belong to a string.
pub(super) fn verbatim(s: &str) -> Doc {
    if !s.contains('\n') {
        return text(s);
    }
    let lines: Vec<String> = s.split('\n').map(str::to_string).collect();
    RcDoc::nesting(move |indent| {
        let mut doc = RcDoc::nil();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                doc = doc.append(RcDoc::hardline());
            }
            doc = doc.append(RcDoc::text(l.clone()));
        }
        doc.nest(-(isize::try_from(indent).unwrap_or(0)))
    })
    .annotate(Verbatim)
}

/// The comments before a child, in place of the separator before it: the
/// child then starts a line of its own.
pub(super) fn notes_doc(notes: &[Note]) -> Doc {
    let mut doc = RcDoc::nil();
    for (i, note) in notes.iter().enumerate() {
        if i == 0 {
            doc = if note.trailing {
                doc.append(text(" "))
            } else {
                doc.append(hardline())
            };
        } else if note.blank {
            doc = doc.append(hardline());
        }
        doc = doc.append(text(note.text.clone())).append(hardline());
    }
    doc
}

/// Comments each on a line of its own, ending in a line break; a blank
/// line before one is kept (not before the first).
pub(super) fn own_lines(notes: &[Note]) -> Doc {
    let mut doc = RcDoc::nil();
    for (i, note) in notes.iter().enumerate() {
        if i > 0 && note.blank {
            doc = doc.append(hardline());
        }
        doc = doc.append(text(note.text.clone())).append(hardline());
    }
    doc
}

/// `sep` before `kid`, or its comments in its place.
pub(super) fn sep_before(kid: &Kid, sep: Doc) -> Doc {
    if kid.notes.is_empty() {
        sep
    } else {
        notes_doc(&kid.notes)
    }
}
