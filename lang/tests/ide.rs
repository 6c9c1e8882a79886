//! The side tables the language server will query by position: the type
//! of an expression, the definition of a name, the references to a binding.
//! Fixtures mark the cursor with `$0`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::resolve::lower;
use floe_lang::types::type_check;
use floe_lang::Database;

/// The database and the offset of `$0` in the single file `/p/main.floe`.
fn setup(fixture: &str) -> (Database, floe_lang::SourceFile, usize) {
    let offset = fixture.find("$0").expect("a $0 cursor");
    let text = fixture.replace("$0", "");
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", text.into_bytes());
    let db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let file = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    (db, file, offset)
}

fn type_at(fixture: &str) -> String {
    let (db, file, offset) = setup(fixture);
    type_check(&db, file)
        .type_at(&lower(&db, file).anchors, offset)
        .map(|t| t.text())
        .unwrap_or_default()
}

fn definition(fixture: &str) -> String {
    let (db, file, offset) = setup(fixture);
    let span = lower(&db, file)
        .definition_at(offset)
        .expect("a definition");
    file.text(&db)[span.range()].to_string() + &format!("@{}", span.start())
}

fn references(fixture: &str) -> Vec<usize> {
    let (db, file, offset) = setup(fixture);
    let lowered = lower(&db, file);
    let def = lowered.binding_at(offset).expect("a binding");
    lowered
        .references_of(def)
        .iter()
        .map(|s| s.start())
        .collect()
}

#[test]
fn types_of_expressions() {
    assert_eq!(type_at("let port = 80 in { p = $0port }"), "Int");
    assert_eq!(type_at("{ a = [1, 2] }.$0a"), "List Int");
    assert_eq!(
        type_at("let s = { name = \"web\" } in $0s"),
        "{ name : Text }"
    );
    assert_eq!(
        type_at("let type S = { name : Text, n : Int = 1 }, s : S = { name = \"x\" } in $0s"),
        "S"
    );
    assert_eq!(
        type_at("{ a = 1 } // { b = \"x\" } |> $0(\\r -> r)"),
        "Dynamic -> Dynamic"
    );
    assert_eq!(type_at("let f = \\(x : Int) -> x * 2 in $0f"), "Int -> Int");
    assert_eq!(
        type_at("let r = { a = 1 } // { b = 2.5 } in $0r"),
        "{ a : Int, b : Float }"
    );
    assert_eq!(
        type_at("let r = { a.b = 1 } & { a.c = \"x\" } in $0r"),
        "{ a : { b : Int, c : Text } }"
    );
}

#[test]
fn definitions_of_names() {
    assert_eq!(definition("let port = 80 in { p = $0port }"), "port@4");
    assert_eq!(definition("let f = \\x -> $0x + 1 in f 2"), "x@9");
    assert_eq!(
        definition("let f = \\{ name, port = 80 } -> $0port in f { name = 1 }"),
        "port@17"
    );
    assert_eq!(definition("let a = 1 in let a = 2 in $0a"), "a@17");
    assert_eq!(
        definition("let type S = { n : Int } in { n = 1 } : $0S"),
        "S@9"
    );
}

#[test]
fn references_of_bindings() {
    // From the binding itself, or from any use of it.
    assert_eq!(
        references("let $0port = 80, other = port + 1 in [port, other]"),
        vec![23, 36]
    );
    assert_eq!(
        references("let port = 80, other = port + 1 in [$0port, other]"),
        vec![23, 36]
    );
    // A shadowing binding has its own references.
    assert_eq!(references("let x = 1 in [x, let x = 2 in $0x]"), vec![30]);
}

#[test]
fn a_half_typed_file_keeps_its_names_and_types() {
    // An unclosed list and a missing value: the rest of the file still
    // resolves and is still typed, and the undefined `qq` is reported.
    let fixture = "let\n  lib = { port = 80 },\n  svc = { name = \"api\", port = , tags = [ \"a\", \"b\"\n  other = qq,\n  p = lib.$0port + 1,\nin p\n";
    assert_eq!(type_at(fixture), "Int");
    let (db, file, _) = setup(fixture);
    let codes: Vec<&str> = floe_lang::types::check(&db, file)
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0101", "E0101", "E0201"], "{codes:?}");
}
