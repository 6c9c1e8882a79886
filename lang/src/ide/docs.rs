//! The documentation at an offset: a builtin's signature and doc, a
//! schema field's type, mode and doc comment at a record key written
//! against it, a binding's type and the comment block above it.

use crate::db::{Db, SourceFile};

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
    let value = constant(db, file, def)
        .map(|v| format!(" = {v}"))
        .unwrap_or_default();
    Some(Docs {
        title: format!("{name} : {ty}{value}"),
        doc: crate::resolve::doc_comment(text, comments, def.start()),
    })
}

/// The field of a record type that the key at `offset` names: a key of a
/// record literal checked against a schema, or of a selection.
fn schema_field(db: &dyn Db, file: SourceFile, offset: usize) -> Option<Docs> {
    let key = super::definition::key_at(db, file, offset)?;
    let field = super::definition::named_field(db, file, &key)?;
    let mode = match field.mode {
        crate::syntax::ast::Mode::Override => String::new(),
        mode => format!("{} ", mode.text()),
    };
    // A type written out carries its fields' docs; a record's inferred
    // type (a module's members) has them where each field is written.
    let written = || {
        let place = field.decl?;
        let span = crate::resolve::span_of(db, place);
        let comments = &crate::db::parse(db, place.file).comments;
        crate::resolve::doc_comment(place.file.text(db), comments, span.start())
    };
    Some(Docs {
        title: format!("{mode}{} : {}", field.name, field.ty.text()),
        doc: field.doc.as_ref().map(|d| d.to_string()).or_else(written),
    })
}

/// The value of the binding named at `def`, when it is a constant written
/// out (a number, a plain string, `true`, `false`, `null`) short enough to
/// show.
fn constant(db: &dyn Db, file: SourceFile, def: crate::syntax::Span) -> Option<String> {
    use crate::syntax::views::{Binding, View};
    use crate::syntax::SyntaxKind;
    let root = crate::db::parse(db, file).tree.root();
    let binding = root.descendants().filter_map(Binding::cast).find(|b| {
        b.name()
            .is_some_and(|n| crate::syntax::Span::from(n.text_range()) == def)
    })?;
    let value = binding.value()?;
    let node = value.syntax();
    let plain = match node.kind() {
        SyntaxKind::Literal => true,
        SyntaxKind::Str => node.children().next().is_none(),
        _ => false,
    };
    let text = node.text().to_string();
    (plain && !text.contains('\n') && text.chars().count() <= 80).then_some(text)
}
