//! Diagnostics are facts: what a code action needs (the nearest name, the
//! missing field, the values allowed) is data on the diagnostic, at places
//! that resolve to the user's own text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::diagnostics::eval::EvalError;
use floe_lang::diagnostics::inherit::{Allowed, Breach, InheritError};
use floe_lang::diagnostics::names::NameError;
use floe_lang::diagnostics::types::{RecordProblem, TypeError};
use floe_lang::diagnostics::{Diagnostic, Fact, Place};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::types::check;
use floe_lang::{Database, Limits};

/// The diagnostics of `text` as `/p/main.floe`: the static ones, or else
/// evaluation's; with the text, to read places back.
fn diagnostics(text: &str) -> (Database, Vec<Diagnostic>) {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", text);
    let db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let file = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    let found = check(&db, file).clone();
    if !found.is_empty() {
        return (db, found);
    }
    let request = EvalRequest::new(&db, file, None, Vec::new(), Limits::default());
    let found = evaluate(&db, request)
        .as_ref()
        .err()
        .cloned()
        .unwrap_or_default();
    (db, found)
}

/// The text at `place` in `text`.
fn at<'t>(db: &Database, text: &'t str, place: Place) -> &'t str {
    let span = floe_lang::resolve::span_of(db, place);
    &text[span.range()]
}

/// The only diagnostic of `text`, with the database.
fn only(text: &str) -> (Database, Diagnostic) {
    let (db, mut found) = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    (db, found.remove(0))
}

#[test]
fn an_undefined_name_carries_the_nearest_one() {
    let text = "let port = 80 in prot + 1";
    let (db, d) = only(text);
    let Fact::Name(NameError::Undefined {
        name,
        at: place,
        suggestion,
    }) = *d.fact
    else {
        panic!("{:?}", d.fact);
    };
    assert_eq!(name, "prot");
    assert_eq!(suggestion.as_deref(), Some("port"));
    assert_eq!(at(&db, text, place), "prot");
    assert_eq!(d.help.as_deref(), Some("did you mean `port`?"));
}

#[test]
fn a_record_lists_its_unknown_and_missing_fields() {
    let text = "let type T = { name : Text, port : Int } in { name = \"a\", prot = 1 } : T";
    let (db, d) = only(text);
    let Fact::Type(TypeError::Record { problems, .. }) = *d.fact else {
        panic!("{:?}", d.fact);
    };
    let [RecordProblem::Unknown {
        field,
        suggestion,
        at: unknown,
        ..
    }, RecordProblem::Missing {
        field: missing,
        at: declared,
        ..
    }] = problems.as_slice()
    else {
        panic!("{problems:?}");
    };
    assert_eq!(
        (field.as_str(), suggestion.as_deref()),
        ("prot", Some("port"))
    );
    assert_eq!(at(&db, text, *unknown), "prot");
    assert_eq!(missing, "port");
    assert_eq!(at(&db, text, *declared), "port");
}

#[test]
fn an_enum_value_carries_the_values_allowed() {
    let text = "let type Level = \"low\" | \"high\" in \"hihg\" : Level";
    let (_, d) = only(text);
    let Fact::Type(TypeError::NotAllowed {
        value,
        allowed,
        suggestion,
        ..
    }) = *d.fact
    else {
        panic!("{:?}", d.fact);
    };
    assert_eq!(value, "hihg");
    assert_eq!(allowed, ["low", "high"]);
    assert_eq!(suggestion.as_deref(), Some("high"));
}

#[test]
fn a_weakened_field_carries_the_stronger_values() {
    let text = "let
  type G = { stronger level : \"low\" < \"mid\" < \"high\" = \"low\" },
  parent = { level = \"mid\" } : G,
in parent extends { level = \"low\" }";
    let (db, d) = only(text);
    let Fact::Inherit(InheritError::Breach {
        path,
        breach,
        child_at,
        parent_at,
        ..
    }) = *d.fact
    else {
        panic!("{:?}", d.fact);
    };
    assert_eq!(path, "level");
    let Breach::Weakened { allowed, .. } = breach else {
        panic!("{breach:?}");
    };
    assert_eq!(allowed, Allowed::Tags(vec!["mid".into(), "high".into()]));
    assert_eq!(at(&db, text, child_at), "\"low\"");
    assert_eq!(at(&db, text, parent_at.unwrap()), "\"mid\"");
}

#[test]
fn a_missing_field_at_run_time_carries_the_fields_there_are() {
    let text = "let r = { name = 1, port = 2 }, f = \\x -> x.nmae in f r";
    let (db, d) = only(text);
    let Fact::Eval(EvalError::NoField {
        field,
        fields,
        at: place,
    }) = *d.fact
    else {
        panic!("{:?}", d.fact);
    };
    assert_eq!(field, "nmae");
    assert_eq!(fields, ["name", "port"]);
    assert_eq!(at(&db, text, place), "nmae");
    assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
}
