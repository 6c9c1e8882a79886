//! The language server, driven as an editor drives it: `floe lsp` is
//! spawned and spoken to in JSON-RPC over stdio, on the fixture workspace
//! `tests/lsp/workspace` (a schema, an enterprise layer, a domain layered
//! over it, and a file that uses them). Answers are snapshots, with the
//! workspace's path replaced by `file:///WORKSPACE`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "lsp/client.rs"]
mod client;
mod common;

use client::{fixture_workspace, position_in, scratch_workspace, Client};
use serde_json::{json, Value};

/// Requests and their answers, as one snapshot.
#[derive(Default)]
struct Transcript {
    text: String,
}

impl Transcript {
    fn add(&mut self, client: &Client, what: &str, answer: &Value) {
        self.text
            .push_str(&format!("## {what}\n{}\n\n", client.portable(answer)));
    }
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("lsp__{name}"), text);
    });
}

#[test]
fn initialize_names_the_features_and_the_encoding() {
    let root = fixture_workspace();
    let (client, utf16) = Client::start_with(&root, json!({}));
    client.shutdown();
    let (client, utf8) = Client::start_with(
        &root,
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
    );
    assert_eq!(utf8["capabilities"]["positionEncoding"], "utf-8");
    client.shutdown();
    snapshot("initialize", &serde_json::to_string_pretty(&utf16).unwrap());
}

#[test]
fn diagnostics_follow_edits_with_the_parents_rule_beside() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("domains/sales.floe");
    assert_eq!(client.diagnostics("domains/sales.floe", 1), json!([]));
    // Weaken a `stronger` field below the enterprise's value.
    let range = json!({
        "start": client.position("domains/sales.floe", "730", 0),
        "end": client.position("domains/sales.floe", "730|", 0),
    });
    client.change("domains/sales.floe", 2, range.clone(), "7");
    let weakened = client.diagnostics("domains/sales.floe", 2);
    // Then break the syntax, then mend everything.
    let range = json!({
        "start": client.position("domains/sales.floe", "730", 0),
        "end": client.position("domains/sales.floe", "730", 0),
    });
    let mut after = range["start"].clone();
    after["character"] = json!(after["character"].as_u64().unwrap() + 1);
    client.change(
        "domains/sales.floe",
        3,
        json!({ "start": range["start"], "end": after }),
        "7 +",
    );
    let broken = client.diagnostics("domains/sales.floe", 3);
    let whole = std::fs::read_to_string(root.join("domains/sales.floe")).unwrap();
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": client.uri("domains/sales.floe"), "version": 4 },
            "contentChanges": [{ "text": whole }],
        }),
    );
    assert_eq!(client.diagnostics("domains/sales.floe", 4), json!([]));
    let mut t = Transcript::default();
    t.add(
        &client,
        "retention_days = 7 (the enterprise says 365)",
        &weakened,
    );
    t.add(&client, "retention_days = 7 + ", &broken);
    client.shutdown();
    snapshot("diagnostics", &t.text);
}

#[test]
fn hover_shows_types_docs_and_signatures() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("main.floe");
    client.open("domains/sales.floe");
    let mut t = Transcript::default();
    for (file, needle, nth) in [
        ("main.floe", "count", 1),
        ("main.floe", "length", 0),
        ("main.floe", "sales", 1),
        ("main.floe", "sales.o|wner", 0),
        ("main.floe", "list.s|um_by", 0),
        ("domains/sales.floe", "owner", 0),
        ("domains/sales.floe", "retention_days", 0),
    ] {
        let answer = client.at("textDocument/hover", file, needle, nth);
        t.add(&client, &format!("{file} at `{needle}` #{nth}"), &answer);
    }
    client.shutdown();
    snapshot("hover", &t.text);
}

#[test]
fn definitions_lead_across_files_and_into_the_standard_library() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("main.floe");
    let mut t = Transcript::default();
    for (needle, nth) in [
        ("count", 1),
        ("sales", 2),
        ("\"./domains/sales.floe\"", 0),
        ("sales.o|wner", 0),
        ("list.s|um_by", 0),
        ("length", 0),
    ] {
        let answer = client.at("textDocument/definition", "main.floe", needle, nth);
        t.add(&client, &format!("main.floe at `{needle}` #{nth}"), &answer);
    }
    // From a layer's field: the schema's rule and the parent's value.
    let to_parent = client.at(
        "textDocument/definition",
        "domains/sales.floe",
        "retention_days",
        0,
    );
    t.add(
        &client,
        "domains/sales.floe at `retention_days`",
        &to_parent,
    );
    // The standard library's text, for the client to show read-only.
    let std_list = client.request("floe/source", json!({ "uri": "floe:std/list" }));
    assert!(std_list.as_str().unwrap().contains("sum_by"));
    client.shutdown();
    snapshot("definition", &t.text);
}

#[test]
fn references_and_highlights_find_every_use() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("main.floe");
    client.open("domains/sales.floe");
    let mut t = Transcript::default();
    for (file, needle, nth, method) in [
        ("main.floe", "count", 1, "textDocument/references"),
        ("main.floe", "sales", 2, "textDocument/documentHighlight"),
        ("domains/sales.floe", "owner", 0, "textDocument/references"),
    ] {
        let position = client.position(file, needle, nth);
        let answer = client.request(
            method,
            json!({
                "textDocument": { "uri": client.uri(file) },
                "position": position,
                "context": { "includeDeclaration": true },
            }),
        );
        t.add(
            &client,
            &format!("{method} {file} at `{needle}` #{nth}"),
            &answer,
        );
    }
    client.shutdown();
    snapshot("references", &t.text);
}

/// Applies LSP text edits (UTF-16 positions; the fixtures are ASCII) to
/// `text`.
fn apply(text: &str, edits: &Value) -> String {
    let lines: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| {
        lines[p["line"].as_u64().unwrap() as usize] + p["character"].as_u64().unwrap() as usize
    };
    let mut out = text.to_string();
    let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    for e in edits {
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
fn formatting_gives_floe_fmts_layout() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let messy = "let   a = 1,\n  b={x=a,y=[1,2]}\nin   { a,b }\n";
    client.open_with("scratch.floe", messy);
    let edits = client.request(
        "textDocument/formatting",
        json!({
            "textDocument": { "uri": client.uri("scratch.floe") },
            "options": { "tabSize": 2, "insertSpaces": true },
        }),
    );
    let formatted = apply(messy, &edits);
    assert_eq!(
        formatted,
        floe_fmt(messy),
        "the edits give what floe fmt prints"
    );
    // The lines of a range: only the edits within it.
    let messy_tail = "let a = 1 in\n{   a,\n  b =   [1,2] }\n";
    client.open_with("range.floe", messy_tail);
    let edits = client.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": { "uri": client.uri("range.floe") },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 3, "character": 0 } },
            "options": { "tabSize": 2, "insertSpaces": true },
        }),
    );
    assert_eq!(apply(messy_tail, &edits), floe_fmt(messy_tail));
    let outside = client.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": { "uri": client.uri("range.floe") },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } },
            "options": { "tabSize": 2, "insertSpaces": true },
        }),
    );
    assert_eq!(
        outside,
        json!([]),
        "a range that misses the changes changes nothing"
    );
    // A file that does not parse is left alone.
    client.open_with("broken.floe", "let a = in");
    let none = client.request(
        "textDocument/formatting",
        json!({
            "textDocument": { "uri": client.uri("broken.floe") },
            "options": { "tabSize": 2, "insertSpaces": true },
        }),
    );
    assert_eq!(none, Value::Null);
    client.shutdown();
}

fn floe_fmt(text: &str) -> String {
    let out = common::fed(
        std::process::Command::new(env!("CARGO_BIN_EXE_floe")).args(["fmt", "-"]),
        text.as_bytes(),
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn incremental_edits_count_utf16_columns() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    // `é` is one UTF-16 unit and two bytes, `🦀` two units and four bytes.
    let text = "let s = \"é🦀\", n = 1 in { s, n }\n";
    client.open_with("wide.floe", text);
    client.diagnostics("wide.floe", 1);
    // Replace `1` (after the wide characters) by `true`: columns are
    // counted in UTF-16 units, as the protocol says by default.
    let at = position_in(text, "1 in", 0);
    let mut end = at.clone();
    end["character"] = json!(at["character"].as_u64().unwrap() + 1);
    client.change("wide.floe", 2, json!({ "start": at, "end": end }), "true");
    client.diagnostics("wide.floe", 2);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": client.uri("wide.floe") }, "position": at }),
    );
    assert_eq!(hover["contents"]["value"], "```floe\nBool\n```", "{hover}");
    client.shutdown();
}

#[test]
fn changes_on_disk_reach_open_files() {
    let dir = scratch_workspace();
    let (mut client, _) = Client::start_with(
        dir.path(),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    client.open("domains/sales.floe");
    assert_eq!(client.diagnostics("domains/sales.floe", 1), json!([]));
    // The enterprise raises its retention above the domain's.
    let enterprise = dir.path().join("enterprise.floe");
    let text = std::fs::read_to_string(&enterprise).unwrap();
    std::fs::write(&enterprise, text.replace("365", "1000")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": client.uri("enterprise.floe"), "type": 2 }] }),
    );
    let found = client.diagnostics("domains/sales.floe", 1);
    let codes: Vec<&Value> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(
        !codes.is_empty(),
        "the domain now weakens the enterprise: {found}"
    );
    client.shutdown();
}

#[test]
fn requests_on_unknown_files_and_positions_answer() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("main.floe");
    let far = json!({ "line": 9999, "character": 9999 });
    for method in ["textDocument/hover", "textDocument/definition"] {
        for uri in [
            client.uri("main.floe"),
            client.uri("nowhere.floe"),
            "untitled:1".to_string(),
        ] {
            let answer = client.call(
                method,
                json!({ "textDocument": { "uri": uri }, "position": far }),
            );
            assert!(answer.get("error").is_none(), "{method} {uri}: {answer}");
        }
    }
    client.shutdown();
}

/// The labels and details of a completion answer, one per line.
fn listing(answer: &Value) -> String {
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let detail = item["detail"].as_str().map(|d| format!("  — {d}"));
            format!(
                "{} ({}){}",
                item["label"].as_str().unwrap(),
                item["kind"],
                detail.unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn completion_offers_what_may_be_written_there() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let cases = [
        // Fields of a value after `.`, a standard-library module's members.
        ("main-dot.floe", "let sales = import \"./domains/sales.floe\" in sales.|"),
        ("main-std.floe", "let list = import \"floe:std/list\" in list.|"),
        // A layer: the fields its rule lets it change, not those it set.
        (
            "domains/new.floe",
            "let acme = import \"../enterprise.floe\" in\nacme extends {\n  owner = \"x@acme.example\",\n  |\n}",
        ),
        // An enum's values where a field's value goes, half-typed.
        (
            "domains/half.floe",
            "let acme = import \"../enterprise.floe\" in\nacme extends { governance.pii_encryption = | }",
        ),
        // Names in scope on a half-typed file (keywords left out here).
        ("half.floe", "let x = 1, f = \\y -> in { a = , b = | }"),
        // An import's path: files and directories, from the string's start.
        ("imports.floe", "import \"./domains/|\""),
        // Types in a type.
        ("types.floe", "let type T = { a : Int }, v : | = 1 in v"),
    ];
    let mut text = String::new();
    for (file, source) in cases {
        let cursor = source.find('|').unwrap();
        let source = source.replace('|', "");
        client.open_with(file, &source);
        let line = source[..cursor].matches('\n').count();
        let start = source[..cursor].rfind('\n').map_or(0, |i| i + 1);
        let position = json!({ "line": line, "character": cursor - start });
        let answer = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": client.uri(file) }, "position": position }),
        );
        // Builtins (3) and keywords (14) follow the names in scope; they
        // are counted rather than listed.
        let listed = listing(&answer);
        let (common, own): (Vec<&str>, Vec<&str>) = listed
            .lines()
            .partition(|l| l.contains(" (3)") || l.ends_with(" (14)"));
        text.push_str(&format!(
            "## {file}: {}\n{}\n({} builtins and keywords)\n\n",
            source.replace('\n', "⏎"),
            own.join("\n"),
            common.len()
        ));
    }
    client.shutdown();
    snapshot("completion", &text);
}

/// The outline as indented lines: `name (kind) range`.
fn outline(symbols: &Value, depth: usize, out: &mut String) {
    for s in symbols.as_array().into_iter().flatten() {
        let range = &s["selectionRange"];
        out.push_str(&format!(
            "{}{} ({}) {}:{}\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap(),
            s["kind"],
            range["start"]["line"],
            range["start"]["character"]
        ));
        outline(&s["children"], depth + 1, out);
    }
}

#[test]
fn structure_outline_folds_selections_and_links() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let mut t = Transcript::default();
    let mut text = String::new();
    for file in ["main.floe", "schema.floe", "domains/sales.floe"] {
        client.open(file);
        let symbols = client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": client.uri(file) } }),
        );
        text.push_str(&format!("## outline of {file}\n"));
        outline(&symbols, 0, &mut text);
        text.push('\n');
    }
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": client.uri("schema.floe") } }),
    );
    t.add(&client, "folding ranges of schema.floe", &folds);
    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": client.uri("main.floe") } }),
    );
    t.add(&client, "links of main.floe", &links);
    let position = client.position("domains/sales.floe", "73|0", 0);
    let selection = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": client.uri("domains/sales.floe") }, "positions": [position] }),
    );
    t.add(
        &client,
        "selection ranges in domains/sales.floe at 730",
        &selection,
    );
    client.shutdown();
    snapshot("structure", &format!("{text}{}", t.text));
}

/// Semantic tokens as lines: `line:column length type modifiers text`.
fn decoded(data: &Value, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let numbers: Vec<u64> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                line += t[0];
                start = t[2 - 1];
            } else {
                start += t[1];
            }
            let l = lines[line as usize];
            let word = &l[start as usize..(start + t[2]) as usize];
            format!("{line}:{start} {} {} {} `{word}`", t[2], t[3], t[4])
        })
        .collect()
}

#[test]
fn semantic_tokens_classify_names_and_follow_edits_by_delta() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let file = "main.floe";
    let text = client.open(file);
    let full = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": client.uri(file) } }),
    );
    let listed = decoded(&full["data"], &text).join("\n");
    // An edit, then a delta against the first answer.
    let at = client.position(file, "length", 0);
    client.change(file, 2, json!({ "start": at, "end": at }), "1 + ");
    client.diagnostics(file, 2);
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": client.uri(file) }, "previousResultId": full["resultId"] }),
    );
    let mut data: Vec<Value> = full["data"].as_array().unwrap().clone();
    for edit in delta["edits"].as_array().unwrap() {
        let start = edit["start"].as_u64().unwrap() as usize;
        let deleted = edit["deleteCount"].as_u64().unwrap() as usize;
        let inserted = edit["data"].as_array().unwrap().clone();
        data.splice(start..start + deleted, inserted);
    }
    let now = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": client.uri(file) } }),
    );
    assert_eq!(
        Value::Array(data),
        now["data"],
        "the delta gives the new tokens"
    );
    assert!(delta["edits"].as_array().unwrap().len() == 1);
    client.shutdown();
    snapshot("semantic_tokens", &listed);
}

#[test]
fn rename_across_files_and_refusals() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    client.open("main.floe");
    client.open("domains/sales.floe");
    let mut t = Transcript::default();
    let at = |client: &Client, file: &str, needle: &str, nth: usize| json!({ "textDocument": { "uri": client.uri(file) }, "position": client.position(file, needle, nth) });
    let prepared = client.request(
        "textDocument/prepareRename",
        at(&client, "main.floe", "count", 1),
    );
    t.add(&client, "prepareRename main.floe at `count` #1", &prepared);
    let mut params = at(&client, "main.floe", "count", 1);
    params["newName"] = json!("products_of");
    let edit = client.request("textDocument/rename", params);
    t.add(&client, "rename `count` to `products_of`", &edit);
    let mut params = at(&client, "domains/sales.floe", "owner", 0);
    params["newName"] = json!("team");
    let mut edit = client.request("textDocument/rename", params);
    // By file, in order.
    let by_file: std::collections::BTreeMap<String, Value> =
        serde_json::from_value(edit["changes"].take()).unwrap();
    edit["changes"] = serde_json::to_value(by_file).unwrap();
    t.add(
        &client,
        "rename the schema field `owner` to `team` from a layer",
        &edit,
    );
    let keyword = client.call(
        "textDocument/prepareRename",
        at(&client, "main.floe", "let", 0),
    );
    t.add(&client, "prepareRename on `let`", &keyword["error"]);
    let mut params = at(&client, "main.floe", "count", 1);
    params["newName"] = json!("length");
    let captured = client.call("textDocument/rename", params);
    t.add(&client, "rename `count` to `length`", &captured["error"]);
    client.shutdown();
    snapshot("rename", &t.text);
}

#[test]
fn signatures_inlay_hints_and_type_definitions() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let source = "let\n  domains = [\"sales\", \"finance\"],\n  up = \\t -> t ++ \"!\",\n  names = map up domains,\nin names";
    client.open_with("sig.floe", source);
    let mut t = Transcript::default();
    for (needle, what) in [
        ("map |up", "after `map `"),
        ("map up| domains", "after `map up`"),
        ("map up dom|ains", "in the second argument"),
    ] {
        let position = position_in(source, needle, 0);
        let help = client.request(
            "textDocument/signatureHelp",
            json!({ "textDocument": { "uri": client.uri("sig.floe") }, "position": position }),
        );
        t.add(&client, &format!("signature help {what}"), &help);
    }
    let hints = client.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": { "uri": client.uri("sig.floe") },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } },
        }),
    );
    t.add(&client, "inlay hints of sig.floe", &hints);
    client.open("domains/sales.floe");
    let hints = client.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": { "uri": client.uri("domains/sales.floe") },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } },
        }),
    );
    t.add(
        &client,
        "inlay hints of domains/sales.floe (a layer)",
        &hints,
    );
    let to_type = client.at(
        "textDocument/typeDefinition",
        "domains/sales.floe",
        "acme",
        1,
    );
    t.add(
        &client,
        "type definition of `acme` in domains/sales.floe",
        &to_type,
    );
    client.shutdown();
    snapshot("signatures", &t.text);
}

#[test]
fn evaluation_checks_arrive_after_the_static_ones() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    // A computed value: only evaluation knows it weakens the enterprise's 365.
    let text = "let acme = import \"../enterprise.floe\" in\nacme extends { governance.retention_days = 100 + 200 }\n";
    client.open_with("domains/computed.floe", text);
    let uri = client.uri("domains/computed.floe");
    let first = client.diagnostics("domains/computed.floe", 1);
    assert_eq!(first, json!([]), "no static problem");
    let evaluated = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri) && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let mut t = Transcript::default();
    t.add(
        &client,
        "domains/computed.floe, evaluated",
        &evaluated["diagnostics"],
    );
    client.shutdown();
    snapshot("evaluation", &t.text);
}

#[test]
fn workspace_symbols_find_domains_products_and_bindings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mesh");
    let mut client = Client::start(&root);
    let mut text = String::new();
    for query in ["sales", "cust360", "mesh"] {
        let found = client.request("workspace/symbol", json!({ "query": query }));
        text.push_str(&format!("## {query}\n"));
        for s in found.as_array().unwrap() {
            let start = &s["location"]["range"]["start"];
            text.push_str(&format!(
                "{} ({}) in {} at {}:{}\n",
                s["name"].as_str().unwrap(),
                s["kind"],
                s["containerName"].as_str().unwrap(),
                start["line"],
                start["character"]
            ));
        }
        text.push('\n');
    }
    client.shutdown();
    snapshot("workspace_symbols", &text);
}

#[test]
fn code_actions_fix_what_the_diagnostics_say() {
    let root = fixture_workspace();
    let mut client = Client::start(&root);
    let text = "let acme = import \"../enterprise.floe\" in\nacme extends {\n  owner = \"sales@acme.example\",\n  governance.retention_days = 30,\n  \"eu-west\" = 1,\n  gouvernance = {},\n}\n";
    client.open_with("domains/fix.floe", text);
    client.diagnostics("domains/fix.floe", 1);
    let mut t = Transcript::default();
    for (needle, what) in [
        ("3|0,", "the weakened retention"),
        ("gouv|ernance", "a misspelt field"),
    ] {
        let position = position_in(text, needle, 0);
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": client.uri("domains/fix.floe") },
                "range": { "start": position, "end": position },
                "context": { "diagnostics": [] },
            }),
        );
        t.add(&client, &format!("code actions at {what}"), &actions);
    }
    client.shutdown();
    snapshot("code_actions", &t.text);
}
