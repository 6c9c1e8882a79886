//! The parent of a layer, as far as it is known before evaluation: which
//! records are layers, and what the parent gives a field a layer sets.

use crate::data::Data;
use crate::db::{Db, SourceFile};
use crate::syntax::lexer::Sym;
use crate::syntax::views::{Field, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode};

/// Whether `record` is laid over a parent: the right side of `extends`.
pub(super) fn is_layer(record: &SyntaxNode) -> bool {
    record.parent().is_some_and(|parent| {
        parent.kind() == SyntaxKind::Binary
            && parent
                .children_with_tokens()
                .take_while(|c| c.as_node() != Some(record))
                .any(|c| c.kind() == SyntaxKind::Sym(Sym::Extends))
    })
}

/// The value the parent layer gives the field `field` sets, when it is
/// known before evaluation: `field` is in a record laid over an import
/// (`parent extends { … }`, the parent an import or a name bound to one).
pub(super) fn value(db: &dyn Db, file: SourceFile, field: &Field) -> Option<Data> {
    // The keys from the layer record down to the field.
    let mut path: Vec<String> = field.key_path()?.keys().map(|k| k.text()).collect();
    let mut record = field.syntax().parent()?;
    while !is_layer(&record) {
        let outer = record.parent().and_then(Field::cast)?;
        let mut keys: Vec<String> = outer.key_path()?.keys().map(|k| k.text()).collect();
        keys.extend(path);
        path = keys;
        record = outer.syntax().parent()?;
    }
    let layered = record.parent()?;
    let parent = layered.children().next()?;
    let import_at = match parent.kind() {
        SyntaxKind::Import => usize::from(parent.text_range().start()),
        SyntaxKind::Var => {
            let lowered = crate::resolve::lower(db, file);
            let def = lowered.definition_at(usize::from(parent.text_range().start()))?;
            let root = crate::db::parse(db, file).tree.root();
            let binding = root
                .descendants()
                .filter_map(crate::syntax::views::Binding::cast)
                .find(|b| b.name().is_some_and(|n| Span::from(n.text_range()) == def))?;
            let value = binding.value()?;
            (value.syntax().kind() == SyntaxKind::Import)
                .then(|| usize::from(value.syntax().text_range().start()))?
        }
        _ => return None,
    };
    let lowered = crate::resolve::lower(db, file);
    let target = lowered
        .imports
        .iter()
        .find(|i| i.span.start() >= import_at)?
        .target
        .as_ref()
        .ok()?
        .file();
    let mut known = crate::types::file_known(db, target).clone();
    for key in &path {
        let crate::types::Known::Record { fields, .. } = known else {
            return None;
        };
        known = fields.iter().find(|(k, _)| **k == **key)?.1.clone();
    }
    match known {
        crate::types::Known::Value { data, .. } => Some(data),
        _ => None,
    }
}

/// A value as Floe writes it, cut short where it is a list or a record.
pub(super) fn brief(data: &Data) -> String {
    match data {
        Data::Text(t) => serde_json::Value::String(t.to_string()).to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => crate::diagnostics::words::float_text(*x),
        Data::Bool(b) => b.to_string(),
        Data::Null => "null".to_string(),
        Data::List(l) if l.is_empty() => "[]".to_string(),
        Data::List(_) => "[…]".to_string(),
        Data::Record(r) if r.is_empty() => "{}".to_string(),
        Data::Record(_) => "{ … }".to_string(),
    }
}
