//! The typed views read the concrete tree: every part of a complete
//! program, and what there is of a half-typed one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::path::Path;

use floe_lang::syntax::views::{
    around, Field, Import, Key, Lambda, Let, LetItem, Record, Root, Select, TypeField, TypeRecord,
    View,
};
use floe_lang::syntax::{Parse, SyntaxNode};

fn root(text: &str) -> SyntaxNode {
    Parse::of(text).tree.root()
}

fn text(view: &impl View) -> String {
    view.syntax().text().to_string()
}

fn first<N: View>(root: &SyntaxNode) -> N {
    root.descendants().find_map(N::cast).unwrap()
}

const PROGRAM: &str = "let
  type T = { final a : Int = 1 },
  x : T = { a = 2, \"b.c\" = 3 },
  f = \\(y : Int) { b, .. } @ all -> y.a.b or 1,
  i = import \"./x.floe\",
in f x
";

#[test]
fn a_complete_program() {
    let root = root(PROGRAM);
    let let_ = Root::cast(root.clone())
        .unwrap()
        .expr()
        .and_then(|e| Let::cast(e.syntax().clone()))
        .unwrap();
    let names: Vec<(bool, String)> = let_
        .items()
        .map(|item| match item {
            LetItem::Value(b) => (false, b.name().unwrap().text().to_string()),
            LetItem::Type(t) => (true, t.name().unwrap().text().to_string()),
        })
        .collect();
    let expected = [(true, "T"), (false, "x"), (false, "f"), (false, "i")];
    assert_eq!(names, expected.map(|(t, n)| (t, n.to_string())));
    assert_eq!(text(&let_.body().unwrap()), "f x");

    let x = let_
        .items()
        .find_map(|i| match i {
            LetItem::Value(b) if b.name().unwrap().text() == "x" => Some(b),
            _ => None,
        })
        .unwrap();
    assert_eq!(text(&x.ty().unwrap()), "T");
    assert_eq!(text(&x.value().unwrap()), "{ a = 2, \"b.c\" = 3 }");

    let record: Record = first(&root);
    let keys: Vec<String> = record
        .fields()
        .map(|f| f.key_path().unwrap().keys().map(|k| k.text()).collect())
        .collect();
    assert_eq!(keys, ["a", "b.c"]);

    let lambda: Lambda = first(&root);
    let params: Vec<String> = lambda
        .params()
        .flat_map(|p| p.names())
        .map(|t| t.text().to_string())
        .collect();
    assert_eq!(params, ["y", "b"]);
    assert_eq!(lambda.whole().unwrap().text(), "all");
    assert_eq!(text(&lambda.body().unwrap()), "y.a.b or 1");

    let select: Select = first(&root);
    assert_eq!(text(&select.target().unwrap()), "y");
    assert_eq!(
        select.keys().map(|k| k.text()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(text(&select.default().unwrap()), "1");

    let import: Import = first(&root);
    assert_eq!(import.path().unwrap().text(), "./x.floe");

    let ty: TypeRecord = first(&root);
    let field: TypeField = ty.fields().next().unwrap();
    assert_eq!(text(&field.mode().unwrap()), "final");
    assert_eq!(field.key().unwrap().text(), "a");
    assert_eq!(text(&field.ty().unwrap()), "Int");
    assert_eq!(text(&field.default().unwrap()), "1");

    let at = PROGRAM.find("b.c").unwrap();
    let key: Key = around(&root, at).unwrap();
    assert_eq!(key.text(), "b.c");
    assert!(around::<Key>(&root, PROGRAM.len() + 10).is_none());
}

#[test]
fn a_half_typed_program() {
    let root = root("let x = , f = \\y -> in { a = , b. }");
    let let_: Let = first(&root);
    let values: Vec<Option<String>> = let_
        .items()
        .map(|i| match i {
            LetItem::Value(b) => b.value().map(|v| text(&v)),
            LetItem::Type(_) => None,
        })
        .collect();
    assert_eq!(values[0], None);
    let lambda: Lambda = first(&root);
    assert!(lambda.arrow().is_some());
    assert!(lambda.body().is_none());
    let field: Field = first(&root);
    assert_eq!(field.key_path().unwrap().keys().next().unwrap().text(), "a");
    assert!(field.value().is_none());
}

/// Every node of every program of the repository casts to its view, and
/// reading a view never fails.
#[test]
fn every_repository_program() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples", "stdlib", "lang/tests/fixtures"] {
        common::floe_files(&repo.join(dir), &mut files);
    }
    assert!(files.len() > 20, "{}", files.len());
    let mut seen = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let root = root(&source);
        for node in root.descendants() {
            if let Some(l) = Let::cast(node.clone()) {
                seen += l.items().count();
                let _ = l.body();
            }
            if let Some(r) = Record::cast(node.clone()) {
                for f in r.fields() {
                    // Every field has keys, punned or not.
                    assert!(f.key_path().is_some(), "{}: {}", path.display(), text(&f));
                }
            }
            if let Some(l) = Lambda::cast(node.clone()) {
                assert!(
                    l.params().next().is_some(),
                    "{}: {}",
                    path.display(),
                    text(&l)
                );
            }
        }
    }
    assert!(seen > 100, "{seen}");
}
