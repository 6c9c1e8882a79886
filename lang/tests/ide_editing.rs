//! The IDE layer's editing features, as an editor uses them: completion,
//! rename and quick fixes. Fixtures mark the cursor with `$0`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::host;
use floe_lang::syntax::Span;

fn completions(files: &[(&str, &str)]) -> Vec<String> {
    let (host, file, offset) = host(files);
    host.snapshot()
        .completions(file, offset)
        .unwrap()
        .into_iter()
        .filter(|c| {
            !matches!(
                c.kind,
                floe_lang::ide::CompletionKind::Builtin | floe_lang::ide::CompletionKind::Keyword
            )
        })
        .map(|c| c.label)
        .collect()
}

#[test]
fn completion_after_a_dot_offers_the_fields() {
    let fields = ["a", "b"];
    assert_eq!(
        completions(&[("/p/main.floe", "let r = { a = 1, b = 2 } in r.$0")]),
        fields
    );
    assert_eq!(
        completions(&[("/p/main.floe", "let r = { a = 1, b = 2 } in r.a$0")]),
        fields
    );
    assert_eq!(
        completions(&[("/p/main.floe", "let r = { a = 1, b = 2 } in [r.$0, 1]")]),
        fields
    );
}

#[test]
fn completion_of_keys_and_values_follows_the_schema() {
    let schema = "let type S = { final v : Text = \"1\", required owner : Text?, \
                  stronger tier : \"low\" < \"high\" = \"low\", on : Bool = false } in \
                  { S, base = { owner = \"a\" } : S }";
    // A record checked against the schema: every field not yet written.
    assert_eq!(
        completions(&[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in { owner = \"b\", $0 } : s.S"
            ),
            ("/p/s.floe", schema),
        ]),
        ["v", "tier", "on"]
    );
    // A layer: not the final field.
    assert_eq!(
        completions(&[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in s.base extends { $0 }"
            ),
            ("/p/s.floe", schema),
        ]),
        ["owner", "tier", "on"]
    );
    // Values of an enum and of a boolean, then the names in scope.
    assert_eq!(
        completions(&[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in s.base extends { tier = $0 }"
            ),
            ("/p/s.floe", schema),
        ]),
        ["\"low\"", "\"high\"", "s"]
    );
    assert_eq!(
        completions(&[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in s.base extends { on = $0 }"
            ),
            ("/p/s.floe", schema),
        ]),
        ["true", "false", "s"]
    );
}

/// The texts of the files after renaming at `$0` to `new`, or the refusal.
fn renamed(files: &[(&str, &str)], new: &str) -> Result<Vec<String>, String> {
    let (host, file, offset) = host(files);
    let snap = host.snapshot();
    let edits = snap
        .rename(file, offset, new)
        .unwrap()
        .map_err(|e| e.message())?;
    let mut out = Vec::new();
    for (path, _) in files {
        let f = host.file(Path::new(path)).unwrap();
        let mut text = snap.text(f).unwrap().to_string();
        let mut mine: Vec<_> = edits.iter().filter(|e| e.file == f).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
        for e in mine {
            text.replace_range(e.span.range(), &e.text);
        }
        out.push(text);
    }
    Ok(out)
}

fn renamed_one(fixture: &str, new: &str) -> Result<String, String> {
    renamed(&[("/p/main.floe", fixture)], new).map(|mut t| t.remove(0))
}

#[test]
fn rename_a_binding_and_its_uses() {
    assert_eq!(
        renamed_one("let a$0 = 1, b = a + 1 in b * a", "x"),
        Ok("let x = 1, b = x + 1 in b * x".into())
    );
    assert_eq!(
        renamed_one("let a = 1, b = a$0 + 1 in b", "x"),
        Ok("let x = 1, b = x + 1 in b".into())
    );
    assert_eq!(
        renamed_one("let f = \\n$0 -> n + 1 in f 2", "m"),
        Ok("let f = \\m -> m + 1 in f 2".into())
    );
    // A punned field keeps its key.
    assert_eq!(
        renamed_one("let sales$0 = 1 in { sales }", "s"),
        Ok("let s = 1 in { sales = s }".into())
    );
    // An unused binding.
    assert_eq!(
        renamed_one("let a$0 = 1 in 2", "b"),
        Ok("let b = 1 in 2".into())
    );
}

#[test]
fn rename_refuses_what_would_change_meaning() {
    let refused = |fixture: &str, new: &str| renamed_one(fixture, new).unwrap_err();
    assert!(refused("let a$0 = 1 in let x = 2 in a", "x").contains("would change"));
    assert!(refused("let x = 1 in let a$0 = 2 in x + a", "x").contains("would change"));
    assert!(refused("let a$0 = 1 in length [a]", "length").contains("would change"));
    assert!(refused("let a$0 = 1, b = 2 in a + b", "b").contains("would change"));
    assert!(refused("let a$0 = 1 in a", "1x").contains("not a name"));
    assert!(refused("let a$0 = 1 in a", "let").contains("not a name"));
    assert!(refused("let a = 1 in length$0 [a]", "n").contains("builtin"));
    assert!(refused("le$0t a = 1 in a", "n").contains("keyword"));
    assert!(refused("let f = \\{ a$0 } -> a in f { a = 1 }", "b").contains("pattern"));
    // Shadowing an outer name nothing inside uses is fine.
    assert_eq!(
        renamed_one("let x = 1 in let a$0 = 2 in a", "x"),
        Ok("let x = 1 in let x = 2 in x".into())
    );
}

#[test]
fn rename_a_schema_field_in_every_layer() {
    let files = [
        (
            "/p/main.floe",
            "let s = import \"./s.floe\" in (s.base extends { own$0er = \"b\" }).owner",
        ),
        (
            "/p/s.floe",
            "let type S = { owner : Text? } in { S, base = { owner = \"a\" } : S }",
        ),
    ];
    assert_eq!(
        renamed(&files, "team"),
        Ok(vec![
            "let s = import \"./s.floe\" in (s.base extends { team = \"b\" }).team".to_string(),
            "let type S = { team : Text? } in { S, base = { team = \"a\" } : S }".to_string(),
        ])
    );
}

/// The fixes at `$0` (titles), and the first file's text after the one
/// whose title contains `pick`.
fn fixed(files: &[(&str, &str)], pick: &str) -> (Vec<String>, String) {
    let (host, file, offset) = host(files);
    let snap = host.snapshot();
    let fixes = snap.fixes(file, Span::new(offset, offset), &[]).unwrap();
    let titles = fixes.iter().map(|f| f.title.clone()).collect();
    let mut text = snap.text(file).unwrap().to_string();
    if let Some(fix) = fixes.iter().find(|f| f.title.contains(pick)) {
        let mut edits: Vec<_> = fix.edits.iter().filter(|e| e.file == file).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
        for e in edits {
            text.replace_range(e.span.range(), &e.text);
        }
    }
    (titles, text)
}

const SCHEMA: &str = "let type S = {\n  # Who owns it.\n  owner : Text,\n  stronger tier : \"low\" < \"mid\" < \"high\" = \"low\",\n  size : Int = 1,\n} in { S }";

/// A parent layer of type `S`.
const BASE: &str = "let s = import \"./s.floe\" in { owner = \"a\", tier = \"mid\" } : s.S";

#[test]
fn fixes_for_typos_missing_fields_and_quotes() {
    let (titles, text) = fixed(
        &[("/p/main.floe", "let count = 1 in cuont$0 + 1")],
        "Change",
    );
    assert_eq!(titles, ["Change `cuont` to `count`"]);
    assert_eq!(text, "let count = 1 in count + 1");
    let schema = ("/p/s.floe", SCHEMA);
    let (titles, text) = fixed(
        &[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in { owner = \"b\", szie$0 = 2 } : s.S",
            ),
            schema,
        ],
        "Change",
    );
    assert_eq!(titles, ["Change field `szie` to `size`"]);
    assert_eq!(
        text,
        "let s = import \"./s.floe\" in { owner = \"b\", size = 2 } : s.S"
    );
    let (titles, text) = fixed(
        &[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in {$0\n  size = 2,\n} : s.S",
            ),
            schema,
        ],
        "Add",
    );
    assert_eq!(titles, ["Add the missing field `owner`"]);
    assert_eq!(
        text,
        "let s = import \"./s.floe\" in {\n  size = 2,\n  # Who owns it.\n  owner = \"\",\n} : s.S"
    );
    let (_, text) = fixed(
        &[
            (
                "/p/main.floe",
                "let s = import \"./s.floe\" in {$0 size = 2 } : s.S",
            ),
            schema,
        ],
        "Add",
    );
    assert_eq!(
        text,
        "let s = import \"./s.floe\" in { size = 2, owner = \"\" } : s.S"
    );
    let (titles, text) = fixed(&[("/p/main.floe", "{ eu-$0west = 1 }")], "Quote");
    assert_eq!(titles, ["Quote the key `eu-west`"]);
    assert_eq!(text, "{ \"eu-west\" = 1 }");
}

#[test]
fn fixes_for_layers_that_break_their_rule_and_missing_imports() {
    let schema = ("/p/s.floe", SCHEMA);
    let base = ("/p/base.floe", BASE);
    let layer = "import \"./base.floe\" extends {\n  size = 3,\n  tier = \"low\"$0,\n}";
    let (titles, text) = fixed(&[("/p/main.floe", layer), schema, base], "nearest");
    assert_eq!(
        titles,
        [
            "Change `tier` to \"mid\", the nearest allowed value",
            "Remove the override of `tier`"
        ]
    );
    assert_eq!(text, layer.replace("\"low\"$0", "\"mid\""));
    let (_, text) = fixed(&[("/p/main.floe", layer), schema, base], "Remove");
    assert_eq!(text, "import \"./base.floe\" extends {\n  size = 3,\n}");
    let (titles, text) = fixed(
        &[
            (
                "/p/main.floe",
                "[import \"./lib$0s.floe\", import \"./lib.floe\"]",
            ),
            ("/p/lib.floe", "1"),
        ],
        "Change the import",
    );
    assert_eq!(
        titles,
        ["Change the import to `./lib.floe`", "Create `./libs.floe`"]
    );
    assert_eq!(text, "[import \"./lib.floe\", import \"./lib.floe\"]");
}

#[test]
fn completion_under_stronger_offers_only_what_the_rule_allows() {
    let files = |main| {
        [
            ("/p/main.floe", main),
            ("/p/s.floe", SCHEMA),
            ("/p/base.floe", BASE),
        ]
    };
    // The parent says "mid": a layer may keep it or raise it.
    assert_eq!(
        completions(&files("import \"./base.floe\" extends { tier = $0 }")),
        ["\"mid\"", "\"high\""]
    );
    assert_eq!(
        completions(&files(
            "let b = import \"./base.floe\" in b extends { tier = $0 }"
        )),
        ["\"mid\"", "\"high\"", "b"]
    );
    // Not a layer: every value.
    assert_eq!(
        completions(&files(
            "let s = import \"./s.floe\" in { owner = \"x\", tier = $0 } : s.S"
        )),
        ["\"low\"", "\"mid\"", "\"high\"", "s"]
    );
}

#[test]
fn completion_of_import_paths() {
    let files = [
        ("/p/main.floe", "import \"./d$0\""),
        ("/p/domains/sales.floe", "1"),
        ("/p/data.yaml", "a: 1"),
        ("/p/notes.txt", "x"),
    ];
    assert_eq!(completions(&files), ["./data.yaml", "./domains/"]);
    let files = [
        ("/p/main.floe", "import \"./domains/$0\""),
        ("/p/domains/sales.floe", "1"),
    ];
    assert_eq!(completions(&files), ["./domains/sales.floe"]);
    let modules = completions(&[("/p/main.floe", "import \"floe:$0\"")]);
    assert!(
        modules.contains(&"floe:std/list".to_string()),
        "{modules:?}"
    );
}
