//! The tree-sitter grammar in `editors/tree-sitter-floe`, judged by the
//! tree-sitter CLI: the committed parser is what `grammar.js` generates, the
//! corpus and highlight tests pass, every query file of every editor
//! compiles against the grammar's node kinds, and every `.floe` source of the
//! repository that Floe's own parser accepts parses without an `ERROR` or
//! `MISSING` node (and those it rejects with a parse error do not parse
//! cleanly either). Needs `tree-sitter` (`cargo install tree-sitter-cli`;
//! `.ci/run` installs it under `target/tools`); elsewhere the tests say they
//! are skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use floe_lang::Code;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn grammar_dir() -> PathBuf {
    root().join("editors/tree-sitter-floe")
}

/// The CLI: `FLOE_TREE_SITTER`, else `target/tools/bin/tree-sitter` (where
/// `.ci/run` installs it), else `tree-sitter` on PATH. `None` outside CI when
/// there is none.
fn cli() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("FLOE_TREE_SITTER").map(PathBuf::from),
        Some(root().join("target/tools/bin/tree-sitter")),
        Some(PathBuf::from("tree-sitter")),
    ];
    for candidate in candidates.into_iter().flatten() {
        if Command::new(&candidate).arg("--version").output().is_ok() {
            return Some(candidate);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install tree-sitter-cli for this test"
    );
    eprintln!("skipped: no tree-sitter here (cargo install tree-sitter-cli)");
    None
}

fn run(cli: &Path, dir: &Path, args: &[&str]) -> Output {
    common::logged(Command::new(cli).args(args).current_dir(dir))
}

/// The ABI the committed parser is generated for: 14 is what Neovim's
/// tree-sitter library (0.20 in Debian) and every Helix release load.
const ABI: &str = "14";

#[test]
fn committed_parser_is_what_the_grammar_generates() {
    let Some(cli) = cli() else { return };
    let scratch = tempfile::tempdir().unwrap();
    for file in ["grammar.js", "tree-sitter.json"] {
        std::fs::copy(grammar_dir().join(file), scratch.path().join(file)).unwrap();
    }
    let out = run(&cli, scratch.path(), &["generate", "--abi", ABI]);
    assert!(out.status.success(), "tree-sitter generate failed");
    for file in ["parser.c", "grammar.json", "node-types.json"] {
        let fresh = std::fs::read_to_string(scratch.path().join("src").join(file)).unwrap();
        let committed = std::fs::read_to_string(grammar_dir().join("src").join(file)).unwrap();
        assert!(
            fresh == committed,
            "src/{file} is stale: run `tree-sitter generate --abi {ABI}` in editors/tree-sitter-floe"
        );
    }
}

#[test]
fn corpus_and_highlight_tests_pass() {
    let Some(cli) = cli() else { return };
    let out = run(
        &cli,
        &grammar_dir(),
        &["test", "--config-path", "test/config.json"],
    );
    assert!(out.status.success(), "tree-sitter test failed");
}

/// Every query file the editors load compiles against the grammar: a node
/// kind, field or capture that does not exist is an error here, not a
/// silently grey buffer.
#[test]
fn every_editor_query_compiles() {
    let Some(cli) = cli() else { return };
    let sample = root().join("examples/layers/schema.floe");
    let dirs = [
        grammar_dir().join("queries"),
        root().join("editors/nvim/queries/floe"),
        root().join("editors/helix/runtime/queries/floe"),
    ];
    let mut checked = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "scm") {
                continue;
            }
            let out = run(
                &cli,
                &grammar_dir(),
                &[
                    "query",
                    path.to_str().unwrap(),
                    sample.to_str().unwrap(),
                    "--quiet",
                ],
            );
            assert!(out.status.success(), "{} does not compile", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 13, "only {checked} query files found");
}

/// The `.floe` sources in `text`: the whole file, or each `#- name.floe`
/// section of a multi-file fixture (the text before the first header is
/// the fixture's main file).
fn sources(text: &str) -> Vec<(String, String)> {
    let mut out = vec![("main.floe".to_string(), String::new())];
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("#- ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
        }
    }
    // A fixture's command lines make a main section of comments only.
    let code = |body: &str| {
        body.lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    };
    out.retain(|(name, body)| name.ends_with(".floe") && code(body));
    out
}

fn floe_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                floe_files(&path, out);
            }
        } else if name.ends_with(".floe") {
            out.push(path);
        }
    }
}

/// Syntax errors the highlighting grammar accepts: the nesting limit
/// (E0106), integers out of range (E0107), and the rules Floe's parser
/// words itself, such as `or` after a plain name (E0108), which tree-sitter
/// reads as the keyword so it is coloured while it is typed.
const UNMODELLED: [Code; 3] = [Code::E0106, Code::E0107, Code::E0108];

#[test]
fn every_repository_source_parses_as_floe_parses_it() {
    let Some(cli) = cli() else { return };
    let mut files = Vec::new();
    floe_files(root(), &mut files);
    let scratch = tempfile::tempdir().unwrap();
    // Each source, as its own file, with whether Floe's parser accepts it.
    let mut cases = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, (name, body)) in sources(&text).into_iter().enumerate() {
            let path = scratch.path().join(format!("{}-{i}.floe", cases.len()));
            std::fs::write(&path, &body).unwrap();
            let codes: Vec<Code> = floe_lang::syntax::Parse::of(&body)
                .errors
                .iter()
                .map(floe_lang::diagnostics::syntax::code)
                .collect();
            let label = format!("{} ({name})", file.strip_prefix(root()).unwrap().display());
            cases.push((path, label, codes));
        }
    }
    let list = scratch.path().join("paths.txt");
    let paths: Vec<String> = cases
        .iter()
        .map(|(p, _, _)| p.display().to_string())
        .collect();
    std::fs::write(&list, paths.join("\n")).unwrap();
    // With --quiet the CLI prints one line for each file with an error.
    let out = run(
        &cli,
        &grammar_dir(),
        &["parse", "--quiet", "--paths", list.to_str().unwrap()],
    );
    let report = String::from_utf8_lossy(&out.stdout);
    let failed = |path: &Path| {
        let name = path.display().to_string();
        report.lines().any(|line| {
            line.split_whitespace().next() == Some(name.as_str())
                && (line.contains("(ERROR") || line.contains("(MISSING"))
        })
    };
    let mut wrong = Vec::new();
    let mut clean = 0;
    for (path, label, codes) in &cases {
        let modelled = codes.iter().any(|c| !UNMODELLED.contains(c));
        match (codes.is_empty(), failed(path)) {
            (true, true) => wrong.push(format!("{label}: tree-sitter finds an error")),
            (false, false) if modelled => {
                wrong.push(format!("{label}: tree-sitter misses {codes:?}"))
            }
            (true, false) => clean += 1,
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(clean > 250, "only {clean} sources parsed");
    eprintln!("{} sources, {clean} without syntax errors", cases.len());
}

/// The names each `#{predicate}` on `capture` in a highlight query lists.
fn listed(query: &str, predicate: &str, capture: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in query.split(&format!("(#{predicate} @{capture}")).skip(1) {
        let list = part.split(')').next().unwrap();
        out.extend(list.split('"').skip(1).step_by(2).map(str::to_string));
    }
    out.sort();
    out.dedup();
    out
}

/// The highlight query colours exactly the language's builtins and builtin
/// types: a builtin added to the language is coloured in every editor.
#[test]
fn highlighted_builtins_are_the_languages() {
    let query = std::fs::read_to_string(grammar_dir().join("queries/highlights.scm")).unwrap();
    let mut functions: Vec<String> = floe_lang::builtins::Builtin::ALL
        .iter()
        .map(|b| b.name().to_string())
        .collect();
    functions.sort();
    assert_eq!(listed(&query, "any-of?", "function.builtin"), functions);
    assert_eq!(listed(&query, "not-any-of?", "function.call"), functions);
    let mut types: Vec<String> = floe_lang::resolve::BUILTIN_TYPES
        .iter()
        .chain(&["Layer"])
        .map(|t| t.to_string())
        .collect();
    types.sort();
    assert_eq!(listed(&query, "any-of?", "type.builtin"), types);
    assert_eq!(listed(&query, "not-any-of?", "type"), types);
}
