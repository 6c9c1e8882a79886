//! The server reads the language only through the IDE layer: its sources
//! may name `floe_lang::ide`, the formatter, and the plain data the IDE
//! layer's answers are made of, never the checker, the evaluator or the
//! resolver. Whatever the server needs from those belongs in the IDE layer,
//! where the REPL finds it too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// The `floe_lang` paths the server may name.
const ALLOWED: &[&str] = &[
    "ide",
    "format",
    "Database",
    "SourceFile",
    "Diagnostic",
    "db::normalize",
    "db::Origin",
    "db::Change",
    "db::OsFileSystem",
    "syntax::Span",
    "diagnostics::Severity",
];

/// Every `floe_lang::…` path in `code`, with `use floe_lang::{a, b}`
/// groups split.
fn named_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("floe_lang::") {
        rest = &rest[i + "floe_lang::".len()..];
        let prefix: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[prefix.len()..];
        match after.strip_prefix('{') {
            // `floe_lang::{a, b}` or `floe_lang::db::{a, b}`.
            Some(group) => {
                let end = group.find('}').unwrap_or(group.len());
                out.extend(
                    group[..end]
                        .split(',')
                        .map(|p| p.trim())
                        .filter(|p| !p.is_empty())
                        .map(|p| format!("{prefix}{p}")),
                );
            }
            None => out.push(prefix.trim_end_matches(':').to_string()),
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

#[test]
fn the_server_reads_the_language_through_the_ide_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offending = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for path in named_paths(&text) {
            seen += 1;
            let allowed = ALLOWED
                .iter()
                .any(|a| path == *a || path.starts_with(&format!("{a}::")));
            if !allowed {
                offending.push(format!("{}: floe_lang::{path}", entry.path().display()));
            }
        }
    }
    assert!(seen > 10, "the sources name floe_lang ({seen} paths read)");
    assert!(offending.is_empty(), "{offending:#?}");
}

#[test]
fn the_reader_splits_groups_and_paths() {
    assert_eq!(
        named_paths(
            "use floe_lang::{ide::Analysis, format};\nuse floe_lang::db::{Origin, x};\nfloe_lang::types::check(y)"
        ),
        ["ide::Analysis", "format", "db::Origin", "db::x", "types::check"]
    );
}
