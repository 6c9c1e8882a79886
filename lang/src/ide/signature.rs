//! Signature help: inside an application (`f a b`), the signature of the
//! function applied (a builtin's, or the type of a binding or selection)
//! with the parameter the cursor is writing. Floe applies by juxtaposition,
//! so the active parameter is the count of arguments before the cursor.

use rowan::TextSize;

use crate::db::{Db, SourceFile};
use crate::syntax::views::{Expr, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode};

/// The signature of the function applied at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `map : (a -> b) -> List a -> List b`.
    pub label: String,
    /// Each parameter's bytes within `label`.
    pub params: Vec<(usize, usize)>,
    /// The parameter being written.
    pub active: usize,
    /// The function's documentation.
    pub doc: Option<String>,
}

pub(super) fn at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<SignatureHelp> {
    let root = crate::db::parse(db, file).tree.root();
    let at = TextSize::try_from(offset).ok()?;
    if at > root.text_range().end() {
        return None;
    }
    let token = root.token_at_offset(at).left_biased()?;
    // The application the cursor is in, or the function just written.
    let (func, active) = match token
        .parent_ancestors()
        .find(|n| n.kind() == SyntaxKind::Apply)
    {
        Some(apply) => {
            let mut parts = apply.children().filter_map(Expr::cast);
            let func = parts.next()?;
            if usize::from(func.syntax().text_range().end()) >= offset {
                return None;
            }
            let started: Vec<_> = parts
                .filter(|a| usize::from(a.syntax().text_range().start()) < offset)
                .collect();
            let inside_last = started
                .last()
                .is_some_and(|a| offset <= usize::from(a.syntax().text_range().end()));
            let active = started.len() - usize::from(inside_last);
            (func.syntax().clone(), active)
        }
        None => {
            // `map |`: white space after a function.
            if !token.kind().is_trivia() {
                return None;
            }
            let before = token.prev_token()?;
            let func = before
                .parent_ancestors()
                .take_while(|n| n.text_range().end() == before.text_range().end())
                .filter(|n| n.kind().is_expr())
                .last()?;
            (func, 0)
        }
    };
    signature(db, file, &func, active)
}

fn signature(
    db: &dyn Db,
    file: SourceFile,
    func: &SyntaxNode,
    active: usize,
) -> Option<SignatureHelp> {
    let span = Span::from(func.text_range());
    let lowered = crate::resolve::lower(db, file);
    let (name, ty, doc) = match lowered.builtin_uses.iter().find(|(s, _)| *s == span) {
        Some((_, b)) => (
            b.name().to_string(),
            b.signature().to_string(),
            Some(b.doc().to_string()),
        ),
        None => {
            let docs = super::docs::at(db, file, span.start());
            let ty = super::types::at(db, file, span.start())?;
            let name = file.text(db).get(span.range())?.to_string();
            (name, ty, docs.and_then(|d| d.doc))
        }
    };
    let prefix = format!("{name} : ");
    let params: Vec<(usize, usize)> = arrows(&ty)
        .into_iter()
        .map(|(s, e)| (prefix.len() + s, prefix.len() + e))
        .collect();
    // A value that is not a function has no signature to help with.
    if params.is_empty() {
        return None;
    }
    let active = active.min(params.len() - 1);
    Some(SignatureHelp {
        label: format!("{prefix}{ty}"),
        params,
        active,
        doc,
    })
}

/// The parameters of a function type written as text: the parts between
/// top-level arrows, all but the result.
fn arrows(ty: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = ty.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'(' | b'[' | b'{') => depth += 1,
            Some(b')' | b']' | b'}') => depth -= 1,
            Some(b'-') if depth == 0 && bytes.get(i + 1) == Some(&b'>') => {
                out.push((start, i));
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    // Trim the spaces around each part.
    out.into_iter()
        .map(|(s, e)| {
            let part = ty.get(s..e).unwrap_or_default();
            let lead = part.len() - part.trim_start().len();
            let trail = part.len() - part.trim_end().len();
            (s + lead, e - trail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_are_the_parts_between_top_level_arrows() {
        let ty = "(a -> b) -> List a -> List b";
        let parts: Vec<&str> = super::arrows(ty).iter().map(|(s, e)| &ty[*s..*e]).collect();
        assert_eq!(parts, ["(a -> b)", "List a"]);
        assert!(super::arrows("Int").is_empty());
    }
}
