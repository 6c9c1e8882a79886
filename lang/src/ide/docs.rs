//! The documentation at an offset: a builtin's signature and doc, a
//! schema field's type, mode and doc comment at a record key written
//! against it, a binding's type and the comment block above it.

use rowan::TextSize;

use crate::db::{Db, SourceFile};
use crate::syntax::{Span, SyntaxKind};

/// What the documentation at an offset says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Docs {
    /// One line: `map : (a -> b) -> List a -> List b`, `stronger tier :
    /// "bronze" < "gold"`, `port : Int`.
    pub title: String,
    /// The documentation, when there is some.
    pub doc: Option<String>,
}

pub(super) fn at(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Docs> {
    builtin(db, file, offset)
        .or_else(|| schema_field(db, file, offset))
        .or_else(|| binding(db, file, offset))
}

fn builtin(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Docs> {
    let lowered = crate::resolve::lower(db, file);
    let (_, b) = lowered
        .builtin_uses
        .iter()
        .find(|(s, _)| s.start() <= offset && offset <= s.end())?;
    Some(Docs {
        title: format!("{} : {}", b.name(), b.signature()),
        doc: Some(b.doc().to_string()),
    })
}

/// A `let` binding or parameter named at `offset`, or used there.
fn binding(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Docs> {
    let lowered = crate::resolve::lower(db, file);
    let def = lowered.binding_at(offset)?;
    let text = file.text(db);
    let name = text.get(def.range())?;
    // A name's type is the type of its uses (the name where it is bound is
    // not an expression).
    let used_at = match lowered.definition_at(offset) {
        Some(_) => offset,
        None => lowered
            .references_of(def)
            .first()
            .map_or(offset, |s| s.start()),
    };
    let ty = super::types::at(db, file, used_at).unwrap_or_else(|| "Dynamic".into());
    let comments = &crate::db::parse(db, file).comments;
    Some(Docs {
        title: format!("{name} : {ty}"),
        doc: crate::resolve::doc_comment(text, comments, def.start()),
    })
}

/// The field of the schema a record literal is checked against, whose key
/// is at `offset` (a dotted key's part names a field of a nested record).
fn schema_field(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Docs> {
    let root = crate::db::parse(db, file).tree.root();
    let token = root
        .token_at_offset(TextSize::from(u32::try_from(offset).ok()?))
        .right_biased()?;
    let key = token
        .parent_ancestors()
        .find(|n| n.kind() == SyntaxKind::Key)?;
    let path = key.parent().filter(|p| p.kind() == SyntaxKind::KeyPath)?;
    let record = path
        .parent()
        .filter(|f| f.kind() == SyntaxKind::Field)?
        .parent()
        .filter(|r| r.kind() == SyntaxKind::Record)?;
    let names: Vec<String> = path
        .children()
        .filter(|k| k.kind() == SyntaxKind::Key)
        .take_while(|k| k.text_range().start() <= key.text_range().start())
        .map(|k| k.text().to_string().trim_matches('"').to_string())
        .collect();
    let types = crate::types::type_check(db, file);
    let anchors = &crate::resolve::lower(db, file).anchors;
    let mut ty = types.type_of(anchors, Span::from(record.text_range()))?;
    let (last, through) = names.split_last()?;
    let mut owned;
    for name in through {
        owned = super::definition::field_of(ty, name)?.ty.clone();
        ty = &owned;
    }
    let field = super::definition::field_of(ty, last)?;
    let mode = match field.mode {
        crate::syntax::ast::Mode::Override => String::new(),
        mode => format!("{} ", mode.text()),
    };
    Some(Docs {
        title: format!("{mode}{} : {}", field.name, field.ty.text()),
        doc: field.doc.as_ref().map(|d| d.to_string()),
    })
}
