//! The IDE layer, as an editor uses it: snapshots that answer with plain
//! data. Fixtures mark the cursor with `$0`; one helper per feature.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::host;
use floe_lang::ide::{AnalysisHost, CursorContext, Encoding, NameKind, Position};
use floe_lang::syntax::Span;
use floe_lang::SourceFile;

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
    assert_eq!(title, "map : Int = 3");
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
    // A selection of the field: the same.
    let main = "let s = import \"./schema.floe\" in ({ port = 80 } : s.Service).po$0rt";
    assert_eq!(
        docs(&files(main)),
        Some(("port : Int".into(), Some("The port it listens on.".into())))
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
        Some((
            "port : Int = 8080".into(),
            Some("Where traffic goes.".into())
        ))
    );
    let fixture = "# The answer.\nlet answer = 42 in answ$0er";
    assert_eq!(
        docs(&[("/p/main.floe", fixture)]),
        Some(("answer : Int = 42".into(), Some("The answer.".into())))
    );
    assert_eq!(docs(&[("/p/main.floe", "{ a = 1 $0}")]), None);
}

#[test]
fn docs_at_the_name_of_a_binding() {
    let fixture = "let\n  # Where traffic goes.\n  po$0rt = 8080,\nin { p = port }";
    assert_eq!(
        docs(&[("/p/main.floe", fixture)]),
        Some((
            "port : Int = 8080".into(),
            Some("Where traffic goes.".into())
        ))
    );
}

/// Places as (file name, text there), the file found among `files`.
fn shown(
    host: &AnalysisHost,
    files: &[(&str, &str)],
    places: Vec<(SourceFile, Span)>,
) -> Vec<(String, String)> {
    places
        .into_iter()
        .map(|(f, span)| {
            let (path, text) = files
                .iter()
                .find(|(p, _)| host.load(Path::new(p)).ok() == Some(f))
                .map(|(p, t)| (p.to_string(), t.replace("$0", "")))
                .unwrap_or_default();
            (path, text[span.range()].to_string())
        })
        .collect()
}

/// Where the definition at the cursor is: each file's name and the text
/// there (empty for a whole file).
fn definitions(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let (host, file, offset) = host(files);
    let found = host.snapshot().definition_at(file, offset).unwrap();
    shown(&host, files, found)
}

#[test]
fn definitions_across_files() {
    let lib = "# The library.\n{\n  port = 8080,\n  limits = { memory = 512 },\n}";
    let at = |main: &'static str| definitions(&[("/p/main.floe", main), ("/p/lib.floe", lib)]);
    let one = |path: &str, text: &str| vec![(path.to_string(), text.to_string())];
    // A field of an imported record: where its key is written.
    assert_eq!(
        at("let lib = import \"./lib.floe\" in lib.po$0rt"),
        one("/p/lib.floe", "port")
    );
    assert_eq!(
        at("let lib = import \"./lib.floe\" in lib.limits.mem$0ory"),
        one("/p/lib.floe", "memory")
    );
    // The import itself: the file.
    assert_eq!(
        at("let lib = import \"./li$0b.floe\" in lib"),
        one("/p/lib.floe", "")
    );
    // A binding, in this file.
    assert_eq!(
        at("let lib = import \"./lib.floe\" in li$0b.port"),
        one("/p/main.floe", "lib")
    );
    // Nothing is defined at a number.
    assert_eq!(at("let lib = import \"./lib.floe\" in 4$02"), Vec::new());
}

#[test]
fn definitions_of_schema_fields_at_record_keys() {
    let schema = "let type Service = {\n  port : Int,\n  stronger tier : \"bronze\" < \"gold\" = \"bronze\",\n} in { Service }";
    let at =
        |main: &'static str| definitions(&[("/p/main.floe", main), ("/p/schema.floe", schema)]);
    assert_eq!(
        at("let s = import \"./schema.floe\" in ({ port = 80, ti$0er = \"gold\" } : s.Service)"),
        vec![("/p/schema.floe".to_string(), "tier".to_string())]
    );
}

/// Every reference to what is at the cursor, as (file, text there), with
/// all `files` loaded.
fn references(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let (host, file, offset) = host(files);
    for (path, _) in files {
        host.load(Path::new(path)).unwrap();
    }
    let found = host.snapshot().references_at(file, offset).unwrap();
    shown(&host, files, found)
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn references_across_files() {
    let lib = "{ port = 8080, name = \"x\" }";
    let other = "let l = import \"./lib.floe\" in { p = l.port, n = l.name }";
    let main = "let lib = import \"./lib.floe\" in [lib.po$0rt, lib.port + 1]";
    assert_eq!(
        references(&[
            ("/p/main.floe", main),
            ("/p/lib.floe", lib),
            ("/p/other.floe", other)
        ]),
        pairs(&[
            ("/p/lib.floe", "port"),
            ("/p/main.floe", "port"),
            ("/p/main.floe", "port"),
            ("/p/other.floe", "port"),
        ])
    );
    // A binding's uses, in its file.
    let main = "let li$0b = import \"./lib.floe\" in [lib.port, lib.name]";
    assert_eq!(
        references(&[("/p/main.floe", main), ("/p/lib.floe", lib)]),
        pairs(&[
            ("/p/main.floe", "lib"),
            ("/p/main.floe", "lib"),
            ("/p/main.floe", "lib")
        ])
    );
    // A file's imports.
    let main = "let lib = import \"./li$0b.floe\" in lib.port";
    assert_eq!(
        references(&[
            ("/p/main.floe", main),
            ("/p/lib.floe", lib),
            ("/p/other.floe", other)
        ]),
        pairs(&[
            ("/p/main.floe", "\"./lib.floe\""),
            ("/p/other.floe", "\"./lib.floe\"")
        ])
    );
}

#[test]
fn references_of_a_schema_field_are_the_records_that_set_it() {
    let schema = "let type Service = {\n  port : Int,\n  name : Text = \"svc\",\n} in { Service }";
    let a = "let s = import \"./schema.floe\" in ({ po$0rt = 1 } : s.Service)";
    let b = "let s = import \"./schema.floe\" in ({ port = 2, name = \"b\" } : s.Service)";
    assert_eq!(
        references(&[
            ("/p/a.floe", a),
            ("/p/schema.floe", schema),
            ("/p/b.floe", b)
        ]),
        pairs(&[
            ("/p/a.floe", "port"),
            ("/p/b.floe", "port"),
            ("/p/schema.floe", "port"),
        ])
    );
}

#[test]
fn references_of_a_layered_field_include_every_layer() {
    let schema = "let type Gov = {\n  stronger audit : \"off\" < \"on\" = \"off\",\n}, type M = { gov : Gov = {} } in { Gov, M }";
    let enterprise = "let s = import \"./schema.floe\" in ({ gov.audit = \"on\" } : s.M)";
    let domain = "let e = import \"./enterprise.floe\" in e extends { gov.au$0dit = \"on\" }";
    assert_eq!(
        references(&[
            ("/p/domain.floe", domain),
            ("/p/enterprise.floe", enterprise),
            ("/p/schema.floe", schema),
        ]),
        pairs(&[
            ("/p/domain.floe", "audit"),
            ("/p/enterprise.floe", "audit"),
            ("/p/schema.floe", "audit"),
        ])
    );
}
