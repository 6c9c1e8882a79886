//! The language server never crashes and never loses the client's text:
//! random edit sequences (insertions and deletions of brackets, strings,
//! keywords, wide characters and line breaks, at valid and invalid UTF-16
//! positions), requests of every kind at random places, a file deleted
//! while open and created again, an import cycle made and unmade. Every
//! request gets an answer that is not an internal error, and after every
//! edit the server's text of each open document is the client's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "lsp/client.rs"]
mod client;
#[path = "common/rng.rs"]
#[allow(dead_code)]
mod rng;

use client::{scratch_workspace, Client};
use rng::Rng;
use serde_json::{json, Value};

/// Text inserted by the random edits.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "${",
    "''",
    "let ",
    " in ",
    "= 1",
    ",",
    ".",
    "\n",
    "é",
    "🦀",
    "x",
    "import \"./cycle.floe\"",
    "\\x -> ",
    "# note\n",
    "",
    "extends ",
    "if ",
];

/// The byte offset of a position as the server reads one outside the
/// text: a column past its line's end is the line's end, a line past the
/// last is the end, a column inside a character is that character's start.
fn offset(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i as u64 == line {
            let mut units = 0;
            for (at, c) in l.char_indices() {
                let width = c.len_utf16() as u64;
                if units + width > character {
                    return start + at;
                }
                units += width;
            }
            return start + l.len();
        }
        start += l.len() + 1;
    }
    text.len()
}

fn random_position(rng: &mut Rng, text: &str) -> Value {
    let lines = text.split('\n').count() as i64;
    json!({ "line": rng.range(0, lines + 1), "character": rng.range(0, 40) })
}

struct Document {
    relative: &'static str,
    text: String,
    version: i64,
}

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/typeDefinition",
    "textDocument/completion",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/signatureHelp",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/semanticTokens/full",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/selectionRange",
    "textDocument/formatting",
    "textDocument/inlayHint",
    "textDocument/documentLink",
];

fn request(client: &mut Client, rng: &mut Rng, doc: &Document) {
    let method = rng.pick(METHODS);
    let uri = client.uri(doc.relative);
    let position = random_position(rng, &doc.text);
    let params = json!({
        "textDocument": { "uri": uri },
        "position": position,
        "positions": [position],
        "range": { "start": position, "end": random_position(rng, &doc.text) },
        // The contexts of references, completion and signature help, in one.
        "context": { "includeDeclaration": true, "triggerKind": 1, "isRetrigger": false },
        "newName": rng.pick(&["renamed", "x", "let", "1bad"]),
        "options": { "tabSize": 2, "insertSpaces": true },
    });
    let answer = client.call(method, params);
    if let Some(error) = answer.get("error") {
        let code = error["code"].as_i64().unwrap();
        // Cancelled by an edit, or a refused rename: answers, not failures.
        assert!(
            code == -32801 || code == -32803,
            "{method} at {position} in {}:\n{}\n{answer}",
            doc.relative,
            doc.text
        );
    }
}

fn edit(client: &mut Client, rng: &mut Rng, doc: &mut Document) {
    let start = random_position(rng, &doc.text);
    let end = if rng.chance(50) {
        start.clone()
    } else {
        random_position(rng, &doc.text)
    };
    let insert: String = (0..rng.below(3)).map(|_| rng.pick(FRAGMENTS)).collect();
    let at = |p: &Value| {
        offset(
            &doc.text,
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    let (a, b) = (at(&start), at(&end));
    doc.text.replace_range(a.min(b)..a.max(b), &insert);
    doc.version += 1;
    client.change(
        doc.relative,
        doc.version,
        json!({ "start": start, "end": end }),
        &insert,
    );
}

fn server_text(client: &mut Client, relative: &str) -> String {
    let uri = client.uri(relative);
    let answer = client.request("floe/source", json!({ "uri": uri }));
    answer.as_str().unwrap_or_default().to_string()
}

#[test]
fn random_edits_and_requests_never_crash_the_server() {
    for seed in 1..=6u64 {
        let dir = scratch_workspace();
        let root = dir.path();
        let mut client = Client::start(root);
        let mut rng = Rng::new(seed);
        let mut docs: Vec<Document> = ["main.floe", "domains/sales.floe", "edit.floe"]
            .into_iter()
            .map(|relative| {
                let text = std::fs::read_to_string(root.join(relative))
                    .unwrap_or_else(|_| "let s = \"é🦀\" in { s }\n".to_string());
                client.open_with(relative, &text);
                Document {
                    relative,
                    text,
                    version: 1,
                }
            })
            .collect();
        for step in 0..300 {
            let i = rng.below(docs.len());
            match rng.below(10) {
                0..=4 => edit(&mut client, &mut rng, &mut docs[i]),
                5..=8 => request(&mut client, &mut rng, &docs[i]),
                _ => {
                    // The enterprise file (not open) deleted, or made part
                    // of an import cycle with `edit.floe`, then restored.
                    let enterprise = root.join("enterprise.floe");
                    let cycle = root.join("cycle.floe");
                    if enterprise.exists() {
                        std::fs::remove_file(&enterprise).unwrap();
                        std::fs::write(&cycle, "import \"./edit.floe\"").unwrap();
                    } else {
                        let text = std::fs::read_to_string(
                            client::fixture_workspace().join("enterprise.floe"),
                        )
                        .unwrap();
                        std::fs::write(&enterprise, text).unwrap();
                        let _ = std::fs::remove_file(&cycle);
                    }
                    client.notify(
                        "workspace/didChangeWatchedFiles",
                        json!({ "changes": [
                            { "uri": client.uri("enterprise.floe"), "type": 2 },
                            { "uri": client.uri("cycle.floe"), "type": 2 },
                        ] }),
                    );
                }
            }
            if step % 10 == 9 {
                for doc in &docs {
                    assert_eq!(
                        server_text(&mut client, doc.relative),
                        doc.text,
                        "seed {seed}, step {step}: the server's {} differs",
                        doc.relative
                    );
                }
            }
        }
        for doc in &docs {
            assert_eq!(server_text(&mut client, doc.relative), doc.text);
        }
        client.shutdown();
    }
}
