//! The concrete syntax tree is lossless and parsing never gives up: every
//! file of the repository and every hostile input is rebuilt byte for byte
//! from its tree, and generated token soup parses without a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::floe_files;
use std::path::Path;

use floe_lang::syntax::{Parse, SyntaxKind};
use proptest::prelude::*;

/// Parses `text` and checks the tree holds exactly its bytes.
fn assert_lossless(what: &str, text: &str) {
    let tree = Parse::of(text).tree;
    let root = tree.root();
    assert_eq!(root.kind(), SyntaxKind::Root);
    let rebuilt = root.to_string();
    assert!(
        rebuilt == text,
        "{what}: the tree does not rebuild the text"
    );
}

#[test]
fn every_repository_file_round_trips() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    floe_files(&workspace, &mut files);
    assert!(files.len() > 100, "found only {} .floe files", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_lossless(&path.display().to_string(), &text);
    }
}

#[test]
fn hostile_inputs_round_trip() {
    let inputs = [
        "".to_string(),
        "   \n\t  # only a comment".to_string(),
        "[".repeat(100_000) + &"]".repeat(100_000),
        "{ a = ".repeat(100_000),
        "(".repeat(100_000),
        "-".repeat(100_000) + "1",
        "1".to_string() + &" + 1".repeat(100_000),
        "let x = ".repeat(20_000) + "1" + &" in x".repeat(20_000),
        "\\x -> ".repeat(50_000) + "1",
        "\"${".repeat(50_000),
        "1 : ".to_string() + &"Int -> ".repeat(100_000) + "Int",
        "1 : Int".to_string() + &"?".repeat(100_000),
        "{ a = \"abc }".to_string(),
        "\"abc ${ 1 + ".to_string(),
        "''\n  abc\n".to_string(),
        "{ a = \u{1}\u{2} }".to_string(),
        "))) ]]] }}} ,,, ;;; in then else".to_string(),
        "{ a = 1, b = [1, 2, c = 3 }".to_string(),
        "let svc = { port = , tags = [ \"a\", \"b\"\nin svc".to_string(),
        "x.".to_string(),
        "\"\\q\" ''a''' 99999999999999999999 1e999 ''$".to_string(),
        "{ \"a${b}\" = 1 } : { final \"x${y}\" : Int over a.b = 1, .., z : Int }".to_string(),
    ];
    for (i, text) in inputs.iter().enumerate() {
        assert_lossless(&format!("input {i}"), text);
    }
}

#[test]
fn trees_have_bounded_depth() {
    // Past the parser's limit the rest is one error node, so no tree is
    // deeper than a few nodes per level of that limit.
    let text = "let x = ".repeat(20_000) + "1" + &" in x".repeat(20_000);
    let Parse { tree, errors, .. } = Parse::of(&text);
    assert!(tree.depth() < 4 * floe_lang::syntax::MAX_PARSE_DEPTH);
    assert!(errors
        .iter()
        .any(|e| matches!(e, floe_lang::syntax::SyntaxError::TooDeep { .. })));
}

/// Pieces of Floe text, valid and not, that programs are generated from.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "let ", " in ", "if ", " then ", " else ", "x", "y", "1", "2.5", "\"s\"", "\"a${", "}",
        "''", "\n", " ", "{", "}", "[", "]", "(", ")", ",", ";", ".", "..", " = ", ":", "\\", "->",
        "?", "@", "+", "-", "*", "//", "&", "++", "==", "<", "|", "|>", "or", "import ", "type ",
        "extends ", "where ", "final ", "# c\n", "Int", "List ", "true", "null",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_round_trips(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        let tree = Parse::of(&text).tree;
        prop_assert_eq!(tree.root().to_string(), text);
    }

    #[test]
    fn arbitrary_text_round_trips(text in "\\PC{0,200}") {
        let tree = Parse::of(&text).tree;
        prop_assert_eq!(tree.root().to_string(), text);
    }
}
