//! The Helix setup in `editors/helix`: `install.sh` writes a
//! languages.toml that declares the language, its grammar (this checkout's
//! `editors/tree-sitter-floe`, whose `src/` holds what Helix compiles), the
//! `floe lsp` server and the `floe fmt -` formatter, and links the queries;
//! running it twice leaves one block. The formatter it declares formats
//! standard input as `floe fmt` does, and Helix's highlight and locals
//! queries are what `sync-queries.sh` derives from the grammar's. (Helix is
//! not packaged for Debian, so the queries are checked against the grammar
//! by `tests/tree_sitter.rs`, not in Helix itself.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn install_writes_one_floe_block_with_grammar_server_and_formatter() {
    let config = tempfile::tempdir().unwrap();
    let languages = config.path().join("languages.toml");
    std::fs::write(&languages, "[editor]\nline-number = \"relative\"\n").unwrap();
    for _ in 0..2 {
        let status = Command::new("sh")
            .arg(root().join("editors/helix/install.sh"))
            .env("HELIX_CONFIG", config.path())
            .env("PATH", "/usr/bin:/bin")
            .status()
            .unwrap();
        assert!(status.success());
    }
    let text = std::fs::read_to_string(&languages).unwrap();
    assert_eq!(text.matches("# >>> floe >>>").count(), 1, "{text}");
    assert!(
        text.starts_with("[editor]"),
        "the user's settings stay: {text}"
    );
    let doc: toml::Table = toml::from_str(&text).unwrap();

    let language = &doc["language"].as_array().unwrap()[0];
    assert_eq!(language["name"].as_str(), Some("floe"));
    assert_eq!(language["file-types"][0].as_str(), Some("floe"));
    assert_eq!(language["language-servers"][0].as_str(), Some("floe"));
    let server = &doc["language-server"]["floe"];
    assert_eq!(server["command"].as_str(), Some("floe"));
    assert_eq!(server["args"][0].as_str(), Some("lsp"));

    let grammar = &doc["grammar"].as_array().unwrap()[0];
    assert_eq!(grammar["name"].as_str(), Some("floe"));
    let path = Path::new(grammar["source"]["path"].as_str().unwrap());
    assert!(path.is_absolute());
    for file in ["src/parser.c", "src/scanner.c", "src/tree_sitter/parser.h"] {
        assert!(path.join(file).is_file(), "Helix compiles {file}");
    }

    let queries = config.path().join("runtime/queries/floe");
    for file in [
        "highlights.scm",
        "locals.scm",
        "injections.scm",
        "indents.scm",
        "textobjects.scm",
    ] {
        assert!(queries.join(file).is_file(), "{file} is installed");
    }

    // The formatter, run as Helix runs it: the buffer on standard input.
    let formatter = &language["formatter"];
    assert_eq!(formatter["command"].as_str(), Some("floe"));
    let args: Vec<&str> = formatter["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let out = common::fed(
        Command::new(env!("CARGO_BIN_EXE_floe")).args(&args),
        b"{a=1,b=[1,2]}",
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{ a = 1, b = [1, 2] }\n"
    );
}

#[test]
fn helix_queries_are_derived_from_the_grammars() {
    let scratch = tempfile::tempdir().unwrap();
    let status = Command::new("sh")
        .arg(root().join("editors/helix/sync-queries.sh"))
        .arg(scratch.path())
        .status()
        .unwrap();
    assert!(status.success());
    let committed = root().join("editors/helix/runtime/queries/floe");
    for file in ["highlights.scm", "locals.scm"] {
        let fresh = std::fs::read_to_string(scratch.path().join(file)).unwrap();
        let kept = std::fs::read_to_string(committed.join(file)).unwrap();
        assert!(
            fresh == kept,
            "editors/helix/runtime/queries/floe/{file} is stale: run editors/helix/sync-queries.sh"
        );
    }
}
