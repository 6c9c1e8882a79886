//! Quick fixes, read from the facts of the diagnostics at a range: a name
//! or field that is a typo of another (did you mean), the required fields
//! a record lacks (inserted with a value of their type and their doc), a
//! layer's value that breaks its rule (the nearest allowed value, or no
//! override at all), a key that needs quotes (`eu-west`), an import that
//! does not resolve (create the file, or a near name).

use std::path::PathBuf;

use rowan::TextSize;

use super::FileEdit;
use crate::db::{Database, Db, SourceFile};
use crate::diagnostics::inherit::{Allowed, Breach, InheritError};
use crate::diagnostics::names::NameError;
use crate::diagnostics::types::{RecordProblem, TypeError};
use crate::diagnostics::{Diagnostic, Fact, Place};
use crate::syntax::lexer::Sym;
use crate::syntax::views::{Field, Key, Record, View};
use crate::syntax::{Span, SyntaxKind, SyntaxNode, SyntaxToken};
use crate::types::Ty;

/// A fix for a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for the editor's menu.
    pub title: String,
    /// The replacements it makes.
    pub edits: Vec<FileEdit>,
    /// A file it creates first (empty), if any.
    pub create: Option<PathBuf>,
    /// Whether it is the fix to apply without asking.
    pub preferred: bool,
}

impl Fix {
    fn edit(title: String, file: SourceFile, span: Span, text: String) -> Fix {
        Fix {
            title,
            edits: vec![FileEdit { file, span, text }],
            create: None,
            preferred: true,
        }
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start() <= b.end() && b.start() <= a.end()
}

pub(super) fn at(
    db: &Database,
    file: SourceFile,
    within: Span,
    diagnostics: &[Diagnostic],
) -> Vec<Fix> {
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(primary) = d.primary.as_ref().filter(|p| p.file == file) else {
            continue;
        };
        // A record's problems are labelled one by one.
        let here = std::iter::once(primary)
            .chain(&d.secondary)
            .any(|l| l.file == file && overlaps(l.span(), within));
        if here {
            let on_primary = overlaps(primary.span(), within);
            out.extend(fixes(db, file, &d.fact, primary.span(), within, on_primary));
        }
    }
    out.dedup();
    out
}

fn place(db: &dyn Db, place: &Place) -> Span {
    crate::resolve::span_of(db, *place)
}

/// The fixes of `fact`, reported at `at`; `within` is the range asked
/// about, and `on_primary` whether it touches the primary label.
fn fixes(
    db: &Database,
    file: SourceFile,
    fact: &Fact,
    at: Span,
    within: Span,
    on_primary: bool,
) -> Vec<Fix> {
    let quoted = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    match fact {
        Fact::Name(NameError::Undefined {
            name,
            at,
            suggestion: Some(s),
        })
        | Fact::Name(NameError::UndefinedType {
            name,
            at,
            suggestion: Some(s),
        }) => {
            vec![Fix::edit(
                format!("Change `{name}` to `{s}`"),
                at.file,
                place(db, at),
                s.clone(),
            )]
        }
        Fact::Type(TypeError::NotAllowed {
            value,
            at,
            suggestion: Some(s),
            ..
        }) => vec![Fix::edit(
            format!("Change {value} to `{s}`"),
            at.file,
            place(db, at),
            quoted(s),
        )],
        Fact::Type(TypeError::Record {
            record, problems, ..
        }) => record_fixes(db, record, problems, within, on_primary),
        Fact::Inherit(InheritError::Breach {
            path,
            breach,
            child_at,
            ..
        }) => breach_fixes(db, path, breach, child_at),
        Fact::Name(NameError::Load {
            at: Some(at),
            looked_for: Some(path),
            ..
        }) => import_fixes(db, at, path),
        Fact::Syntax(_) => quote_key(db, file, at).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The key token of `span`'s field named `name`.
fn key_named(root: &SyntaxNode, span: Span, name: &str) -> Option<Span> {
    root.descendants()
        .filter_map(Key::cast)
        .find(|k| {
            let r = Span::from(k.syntax().text_range());
            span.start() <= r.start() && r.end() <= span.end().max(r.end()) && k.text() == name
        })
        .map(|k| k.syntax().text_range().into())
}

/// Fixes for the unknown fields written at `within`, and for the missing
/// ones when `within` touches where they are reported.
fn record_fixes(
    db: &Database,
    record: &Place,
    problems: &[RecordProblem],
    within: Span,
    on_primary: bool,
) -> Vec<Fix> {
    let mut out = Vec::new();
    let file = record.file;
    let root = crate::db::parse(db, file).tree.root();
    for p in problems {
        if let RecordProblem::Unknown {
            field,
            suggestion: Some(s),
            at,
            ..
        } = p
        {
            let written = place(db, at);
            if !overlaps(written, within) {
                continue;
            }
            if let Some(key) = key_named(&root, written, field) {
                out.push(Fix::edit(
                    format!("Change field `{field}` to `{s}`"),
                    at.file,
                    key,
                    s.clone(),
                ));
            }
        }
    }
    let missing: Vec<&String> = problems
        .iter()
        .filter_map(|p| match p {
            RecordProblem::Missing { field, .. } => Some(field),
            RecordProblem::Unknown { .. } => None,
        })
        .collect();
    if !missing.is_empty() && on_primary {
        if let Some(fix) = insert_missing(db, file, place(db, record), &missing) {
            out.push(fix);
        }
    }
    out
}

/// A value of `ty` to start from: its first tag, an empty text, zero.
fn placeholder(ty: &Ty) -> String {
    match ty.strip() {
        Ty::Enum { tags, .. } => tags.first().map_or("\"\"".to_string(), |t| {
            serde_json::Value::String(t.to_string()).to_string()
        }),
        Ty::Prim(crate::resolve::ir::Prim::Int) => "0".into(),
        Ty::Prim(crate::resolve::ir::Prim::Float) => "0.0".into(),
        Ty::Prim(crate::resolve::ir::Prim::Bool) => "false".into(),
        Ty::Prim(crate::resolve::ir::Prim::Text) => "\"\"".into(),
        Ty::List(_) => "[]".into(),
        Ty::Record(_) | Ty::Map(_) => "{}".into(),
        Ty::Optional(inner) => placeholder(inner),
        _ => "null".into(),
    }
}

fn insert_missing(
    db: &Database,
    file: SourceFile,
    record: Span,
    missing: &[&String],
) -> Option<Fix> {
    let root = crate::db::parse(db, file).tree.root();
    let node = root
        .descendants()
        .filter_map(Record::cast)
        .find(|r| Span::from(r.syntax().text_range()) == record)?;
    let ty = crate::types::type_check(db, file)
        .type_of(&crate::resolve::lower(db, file).anchors, record)?
        .clone();
    let close = node
        .syntax()
        .children_with_tokens()
        .filter_map(|c| c.into_token())
        .find(|t| t.kind() == SyntaxKind::Sym(Sym::RBrace))?;
    let text = file.text(db);
    let fields: Vec<Field> = node.fields().collect();
    let multiline = text.get(record.range()).is_some_and(|t| t.contains('\n'));
    // After the last field (and its comma), else after `{`.
    let last_end = fields
        .last()
        .map(|f| usize::from(f.syntax().text_range().end()));
    let has_comma = |end: usize| {
        node.syntax()
            .children_with_tokens()
            .filter_map(|c| c.into_token())
            .any(|t| {
                t.kind() == SyntaxKind::Sym(Sym::Comma)
                    && usize::from(t.text_range().start()) >= end
            })
    };
    let indent = fields
        .first()
        .map(|f| line_indent(text, usize::from(f.syntax().text_range().start())))
        .unwrap_or_else(|| format!("{}  ", line_indent(text, record.start())));
    let mut insert = String::new();
    for name in missing {
        let field = super::definition::field_of(&ty, name)?;
        let value = placeholder(&field.ty);
        if multiline {
            if let Some(doc) = &field.doc {
                for line in doc.lines() {
                    insert.push_str(&format!("{indent}# {line}\n"));
                }
            }
            insert.push_str(&format!("{indent}{name} = {value},\n"));
        } else {
            insert.push_str(&format!(" {name} = {value},"));
        }
    }
    let (at, text_to_insert) = match (multiline, last_end) {
        (true, _) => {
            // At the start of the line holding `}`.
            let line_start = text
                .get(..usize::from(close.text_range().start()))?
                .rfind('\n')?
                + 1;
            let prefix = match last_end {
                Some(end) if !has_comma(end) => Some(end),
                _ => None,
            };
            match prefix {
                Some(end) => {
                    return Some(Fix {
                        title: title(missing),
                        edits: vec![
                            FileEdit {
                                file,
                                span: Span::new(end, end),
                                text: ",".into(),
                            },
                            FileEdit {
                                file,
                                span: Span::new(line_start, line_start),
                                text: insert,
                            },
                        ],
                        create: None,
                        preferred: true,
                    })
                }
                None => (line_start, insert),
            }
        }
        (false, Some(end)) => {
            let lead = if has_comma(end) { "" } else { "," };
            let comma_end = node
                .syntax()
                .children_with_tokens()
                .filter_map(|c| c.into_token())
                .find(|t| {
                    t.kind() == SyntaxKind::Sym(Sym::Comma)
                        && usize::from(t.text_range().start()) >= end
                })
                .map_or(end, |t| usize::from(t.text_range().end()));
            (comma_end, format!("{lead}{}", insert.trim_end_matches(',')))
        }
        (false, None) => {
            let open = usize::from(node.syntax().text_range().start()) + 1;
            (open, format!("{} ", insert.trim_end_matches(',')))
        }
    };
    Some(Fix::edit(
        title(missing),
        file,
        Span::new(at, at),
        text_to_insert,
    ))
}

fn title(missing: &[&String]) -> String {
    let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    format!(
        "Add the missing {} {}",
        if missing.len() == 1 {
            "field"
        } else {
            "fields"
        },
        names.join(", ")
    )
}

fn line_indent(text: &str, offset: usize) -> String {
    let start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(start..offset)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// A value of a message (`` `365` ``) as Floe writes it: numbers and
/// booleans as they are, tags as strings.
fn literal(shown: &str) -> String {
    let raw = shown.trim_matches('`');
    if raw.parse::<f64>().is_ok() || raw == "true" || raw == "false" || raw == "null" {
        raw.to_string()
    } else {
        serde_json::Value::String(raw.to_string()).to_string()
    }
}

fn breach_fixes(db: &Database, path: &str, breach: &Breach, child_at: &Place) -> Vec<Fix> {
    let file = child_at.file;
    let value = place(db, child_at);
    let mut out = Vec::new();
    let nearest = match breach {
        Breach::Weakened { allowed, .. } => match allowed {
            Allowed::OrStronger(p) | Allowed::AtLeast(p) | Allowed::AtMost(p) => Some(literal(p)),
            Allowed::Tags(tags) => tags.first().map(|t| literal(t)),
            Allowed::True => Some("true".into()),
        },
        Breach::Final { parent, .. } => Some(literal(parent)),
        Breach::Widened { .. } | Breach::Shortened { .. } => None,
    };
    if let Some(v) = nearest {
        out.push(Fix::edit(
            format!("Change `{path}` to {v}, the nearest allowed value"),
            file,
            value,
            v,
        ));
    }
    if let Some(span) = whole_field(db, file, value) {
        out.push(Fix {
            preferred: false,
            ..Fix::edit(
                format!("Remove the override of `{path}`"),
                file,
                span,
                String::new(),
            )
        });
    }
    out
}

/// The field whose value is at `value`, with its comma and the rest of its
/// line when it has one of its own.
fn whole_field(db: &Database, file: SourceFile, value: Span) -> Option<Span> {
    let root = crate::db::parse(db, file).tree.root();
    let token = root
        .token_at_offset(TextSize::try_from(value.start()).ok()?)
        .right_biased()?;
    let field = token.parent_ancestors().find_map(Field::cast)?;
    let range = field.syntax().text_range();
    let mut end = usize::from(range.end());
    let mut next: Option<SyntaxToken> = field.syntax().last_token().and_then(|t| t.next_token());
    while let Some(t) = next.clone() {
        match t.kind() {
            SyntaxKind::Sym(Sym::Comma) => {
                end = usize::from(t.text_range().end());
                next = t.next_token();
            }
            SyntaxKind::Whitespace if !t.text().contains('\n') => {
                next = t.next_token();
            }
            _ => break,
        }
    }
    let text = file.text(db);
    let mut start = usize::from(range.start());
    // A field alone on its line goes with its line.
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let rest_end = text
        .get(end..)
        .and_then(|t| t.find('\n'))
        .map(|i| end + i + 1);
    if text
        .get(line_start..start)
        .is_some_and(|t| t.trim().is_empty())
    {
        if let Some(line_end) =
            rest_end.filter(|e| text.get(end..*e).is_some_and(|t| t.trim().is_empty()))
        {
            start = line_start;
            end = line_end;
        }
    }
    Some(Span::new(start, end))
}

fn import_fixes(db: &Database, at: &Place, looked_for: &std::path::Path) -> Vec<Fix> {
    let span = place(db, at);
    let written = file_text(db, at.file, span);
    let mut out = vec![Fix {
        title: format!("Create `{}`", written.trim_matches('"')),
        edits: Vec::new(),
        create: Some(looked_for.to_path_buf()),
        preferred: false,
    }];
    // A near name among the files of its directory the workspace holds.
    let dir = looked_for.parent().map(std::path::Path::to_path_buf);
    let wanted = looked_for
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let candidates: Vec<String> = db
        .loaded_paths()
        .into_iter()
        .filter(|p| p.parent().map(std::path::Path::to_path_buf) == dir)
        .filter(|p| crate::db::file_at(db, p).is_ok())
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    if let Some(near) = crate::diagnostics::words::did_you_mean(wanted, candidates) {
        let path = written.trim_matches('"');
        let replaced = match path.rfind('/') {
            Some(i) => format!("{}/{near}", path.get(..i).unwrap_or_default()),
            None => near.clone(),
        };
        out.insert(
            0,
            Fix::edit(
                format!("Change the import to `{replaced}`"),
                at.file,
                span,
                serde_json::Value::String(replaced.clone()).to_string(),
            ),
        );
    }
    out
}

fn file_text(db: &dyn Db, file: SourceFile, span: Span) -> String {
    file.text(db)
        .get(span.range())
        .unwrap_or_default()
        .to_string()
}

/// `eu-west = …` in a record: a key that is no name, quoted.
fn quote_key(db: &dyn Db, file: SourceFile, at: Span) -> Option<Fix> {
    let text = file.text(db);
    let is_key = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    let start = text
        .get(..at.start())?
        .rfind(|c: char| !is_key(c))
        .map_or(0, |i| i + 1);
    let end = text
        .get(at.start()..)?
        .find(|c: char| !is_key(c))
        .map_or(text.len(), |i| at.start() + i);
    let word = text.get(start..end)?;
    let after = text.get(end..)?.trim_start();
    let before = text.get(..start)?.trim_end();
    if !word.contains('-') || !after.starts_with('=') || after.starts_with("==") {
        return None;
    }
    if !(before.ends_with('{') || before.ends_with(',')) {
        return None;
    }
    // `a.eu-west` quotes the part that is no name.
    let quoted: Vec<String> = word
        .split('.')
        .map(|part| {
            if crate::syntax::lexer::is_name(part) {
                part.to_string()
            } else {
                serde_json::Value::String(part.to_string()).to_string()
            }
        })
        .collect();
    Some(Fix::edit(
        format!("Quote the key `{word}`"),
        file,
        Span::new(start, end),
        quoted.join("."),
    ))
}
