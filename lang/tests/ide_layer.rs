//! The IDE layer, as an editor uses it: snapshots that answer with plain
//! data. Fixtures mark the cursor with `$0`; one helper per feature.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::ide::{AnalysisHost, CursorContext, Encoding, NameKind, Position};
use floe_lang::syntax::Span;
use floe_lang::{Database, SourceFile};

/// A host over `files` (the first holds the `$0` cursor), its first file
/// and the cursor's offset.
fn host(files: &[(&str, &str)]) -> (AnalysisHost, SourceFile, usize) {
    let mut fs = MemoryFileSystem::new();
    let mut offset = 0;
    for (i, (path, text)) in files.iter().enumerate() {
        if i == 0 {
            offset = text.find("$0").unwrap_or(text.len());
        }
        fs.insert(*path, text.replace("$0", "").into_bytes());
    }
    let host = AnalysisHost::new(Database::new(Arc::new(fs), PathBuf::from("/p")));
    let main = host.load(Path::new(files[0].0)).unwrap();
    (host, main, offset)
}

fn context(fixture: &str) -> CursorContext {
    let (host, file, offset) = host(&[("/p/main.floe", fixture)]);
    host.snapshot().context_at(file, offset).unwrap()
}

fn scope(fixture: &str) -> Vec<(String, NameKind)> {
    let (host, file, offset) = host(&[("/p/main.floe", fixture)]);
    host.snapshot()
        .names_in_scope(file, offset)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind != NameKind::Builtin)
        .map(|n| (n.name, n.kind))
        .collect()
}

fn diagnostic_codes(files: &[(&str, &str)]) -> Vec<String> {
    let (host, file, _) = host(files);
    host.snapshot()
        .diagnostics(file)
        .unwrap()
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

#[test]
fn contexts_at_the_cursor() {
    assert_eq!(
        context("let r = { a = 1 } in r.$0"),
        CursorContext::Field {
            target: Span::new(21, 22)
        }
    );
    assert_eq!(
        context("let r = { a = 1 } in r.a$0"),
        CursorContext::Field {
            target: Span::new(21, 22)
        }
    );
    assert_eq!(
        context("{ a = 1, na$0 }"),
        CursorContext::Key {
            record: Span::new(0, 13)
        }
    );
    assert_eq!(
        context("{ $0 }"),
        CursorContext::Key {
            record: Span::new(0, 4)
        }
    );
    assert_eq!(context("let x : Li$0 = [] in x"), CursorContext::Type);
    assert_eq!(context("\"ab$0c\""), CursorContext::String);
    assert_eq!(context("1 + $0"), CursorContext::Expr);
    assert_eq!(context("{ a = $0 }"), CursorContext::Expr);
}

#[test]
fn names_in_scope_innermost_first() {
    use NameKind::{Binding, Parameter, Type};
    let names = scope("let a = 1, type T = Int, f = \\x { y, .. } @ all -> $0 in a");
    let expected: Vec<(String, NameKind)> = [
        ("x", Parameter),
        ("y", Parameter),
        ("all", Parameter),
        ("a", Binding),
        ("T", Type),
        ("f", Binding),
    ]
    .into_iter()
    .map(|(n, k)| (n.to_string(), k))
    .collect();
    assert_eq!(names, expected);
    // Parameters are not in scope before the arrow; on a half-typed file
    // the bindings still are.
    assert_eq!(
        scope("let a = 1, b = [1, $0"),
        [("a".to_string(), Binding), ("b".to_string(), Binding)]
    );
    let (host, file, offset) = host(&[("/p/main.floe", "ma$0")]);
    let all = host.snapshot().names_in_scope(file, offset).unwrap();
    assert!(all
        .iter()
        .any(|n| n.name == "map" && n.kind == NameKind::Builtin));
}

#[test]
fn positions_in_utf16_and_utf8() {
    // `é` is 2 bytes and 1 UTF-16 unit; `😀` 4 bytes and 2 units.
    let (host, file, offset) = host(&[("/p/main.floe", "{\n  a = \"é😀\", $0b = 1 }")]);
    let snapshot = host.snapshot();
    let utf16 = snapshot.position(file, offset, Encoding::Utf16).unwrap();
    let utf8 = snapshot.position(file, offset, Encoding::Utf8).unwrap();
    assert_eq!(
        utf16,
        Position {
            line: 1,
            character: 13
        }
    );
    assert_eq!(
        utf8,
        Position {
            line: 1,
            character: 16
        }
    );
    assert_eq!(
        snapshot.offset(file, utf16, Encoding::Utf16).unwrap(),
        Some(offset)
    );
    assert_eq!(
        snapshot.offset(file, utf8, Encoding::Utf8).unwrap(),
        Some(offset)
    );
    let past = Position {
        line: 9,
        character: 0,
    };
    assert_eq!(snapshot.offset(file, past, Encoding::Utf16).unwrap(), None);
}

#[test]
fn diagnostics_per_file_on_any_file() {
    // Syntax and names together, on a half-typed file.
    assert_eq!(
        diagnostic_codes(&[("/p/main.floe", "{ a = [1, 2, b = qq }")]),
        ["E0101", "E0201"]
    );
    // A file on an import cycle answers too: with the cycle.
    let cycle = [
        ("/p/a.floe", "(import \"./b.floe\").x"),
        ("/p/b.floe", "{ x = (import \"./a.floe\") }"),
    ];
    assert_eq!(diagnostic_codes(&cycle), ["E0202"]);
    // A data file that does not load is the importer's problem.
    assert_eq!(
        diagnostic_codes(&[
            ("/p/main.floe", "import \"./v.json\""),
            ("/p/v.json", "{ \"a\": "),
        ]),
        ["E0206"]
    );
    // A missing import is the importer's diagnostic.
    assert_eq!(
        diagnostic_codes(&[("/p/main.floe", "import \"./gone.floe\"")]),
        ["E0204"]
    );
}

#[test]
fn types_at_offsets() {
    let (host, file, offset) = host(&[
        (
            "/p/main.floe",
            "let lib = import \"./lib.floe\" in lib.$0port",
        ),
        ("/p/lib.floe", "{ port = 80 }"),
    ]);
    assert_eq!(
        host.snapshot().type_at(file, offset).unwrap().as_deref(),
        Some("Int")
    );
    // On a record's key: the type of its value, not of the whole record.
    let on_key = |fixture: &str| {
        let (h, file, offset) = self::host(&[("/p/main.floe", fixture)]);
        h.snapshot().type_at(file, offset).unwrap()
    };
    assert_eq!(
        on_key("{ po$0rt = 80, name = \"x\" }").as_deref(),
        Some("Int")
    );
    assert_eq!(on_key("{ a.na$0me = \"x\" }").as_deref(), Some("Text"));
    // The first key of a path names a record of the rest.
    assert_eq!(
        on_key("{ $0a.name = \"x\" }").as_deref(),
        Some("{ name : Text }")
    );
}

/// The title and doc at the cursor of the first file.
fn docs(files: &[(&str, &str)]) -> Option<(String, Option<String>)> {
    let (host, file, offset) = host(files);
    host.snapshot()
        .docs_at(file, offset)
        .unwrap()
        .map(|d| (d.title, d.doc))
}

#[test]
fn docs_of_builtins_with_their_signatures() {
    let (title, doc) = docs(&[("/p/main.floe", "ma$0p (\\x -> x + 1) [1, 2]")]).unwrap();
    assert_eq!(title, "map : (a -> b) -> List a -> List b");
    assert!(doc.unwrap().contains("the list of `f x`"));
    // A binding of the same name hides the builtin.
    let (title, _) = docs(&[("/p/main.floe", "let map = 3 in ma$0p + 1")]).unwrap();
    assert_eq!(title, "map : Int");
}

#[test]
fn docs_of_schema_fields_at_record_keys() {
    let schema = "let type Service = {\n  # The port it listens on.\n  port : Int,\n  # How much it matters.\n  stronger tier : \"bronze\" < \"gold\" = \"bronze\",\n  limits : { # Memory, in MiB.\n memory : Int = 512 } = {},\n} in { Service }";
    let files = |main: &'static str| [("/p/main.floe", main), ("/p/schema.floe", schema)];
    let main = "let s = import \"./schema.floe\" in ({ po$0rt = 80 } : s.Service)";
    assert_eq!(
        docs(&files(main)),
        Some(("port : Int".into(), Some("The port it listens on.".into())))
    );
    let main = "let s = import \"./schema.floe\" in ({ port = 80, ti$0er = \"gold\" } : s.Service)";
    assert_eq!(
        docs(&files(main)),
        Some((
            "stronger tier : \"bronze\" < \"gold\"".into(),
            Some("How much it matters.".into())
        ))
    );
    // A dotted key's parts name the fields of nested records.
    let main =
        "let s = import \"./schema.floe\" in ({ port = 80, limits.mem$0ory = 1 } : s.Service)";
    assert_eq!(
        docs(&files(main)),
        Some(("memory : Int".into(), Some("Memory, in MiB.".into())))
    );
}

#[test]
fn docs_of_bindings() {
    let fixture = "let\n  # Where traffic goes.\n  port = 8080,\nin { p = po$0rt }";
    assert_eq!(
        docs(&[("/p/main.floe", fixture)]),
        Some(("port : Int".into(), Some("Where traffic goes.".into())))
    );
    let fixture = "# The answer.\nlet answer = 42 in answ$0er";
    assert_eq!(
        docs(&[("/p/main.floe", fixture)]),
        Some(("answer : Int".into(), Some("The answer.".into())))
    );
    assert_eq!(docs(&[("/p/main.floe", "{ a = 1 $0}")]), None);
}

#[test]
fn docs_at_the_name_of_a_binding() {
    let fixture = "let\n  # Where traffic goes.\n  po$0rt = 8080,\nin { p = port }";
    assert_eq!(
        docs(&[("/p/main.floe", fixture)]),
        Some(("port : Int".into(), Some("Where traffic goes.".into())))
    );
}
