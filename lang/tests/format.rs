//! The formatter: golden layouts over `tests/fixtures/format` (every syntax
//! form and comment placement), and the rules that must hold for every
//! program — formatting twice changes nothing, a program means the same
//! formatted, and the layout does not depend on how the input was spaced.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::floe_files;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::format::{format, FormatError, Options};
use floe_lang::output::{render as render_output, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::syntax::{Parse, SyntaxKind};
use floe_lang::types::check;
use floe_lang::{Code, Database, Limits};
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    floe_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format"),
        &mut files,
    );
    assert!(!files.is_empty());
    files
}

/// The options a fixture asks for with `#! width: N`.
fn options_of(text: &str) -> Options {
    let width = text
        .lines()
        .find_map(|l| l.strip_prefix("#! width: "))
        .map_or(floe_lang::format::DEFAULT_WIDTH, |w| {
            w.trim().parse().unwrap()
        });
    Options { width }
}

/// What a one-file program evaluates to: its JSON, or its error codes.
fn meaning(text: &str) -> Result<String, Vec<Code>> {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/main.floe", text.as_bytes().to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/"));
    let entry = db.load(Path::new("/main.floe")).unwrap();
    let found = check(&db, entry);
    if !found.is_empty() {
        return Err(found.iter().map(|d| d.code).collect());
    }
    let request = EvalRequest::new(&db, entry, None, Vec::new(), Limits::default());
    match evaluate(&db, request) {
        Ok(data) => Ok(render_output(data, Format::Json)),
        Err(ds) => Err(ds.iter().map(|d| d.code).collect()),
    }
}

/// The first line where `a` and `b` differ, with a little context, for
/// failures that would otherwise print two whole files.
fn first_difference(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let from = at.saturating_sub(3);
    format!(
        "first difference at line {}:\n--- left\n{}\n--- right\n{}",
        at + 1,
        la.get(from..(at + 3).min(la.len()))
            .unwrap_or(&[])
            .join("\n"),
        lb.get(from..(at + 3).min(lb.len()))
            .unwrap_or(&[])
            .join("\n"),
    )
}

fn formatted(text: &str, options: Options) -> String {
    match format(text, options) {
        Ok(t) => t,
        Err(e) => panic!(
            "not formatted: {e:?}\n{}",
            text.chars().take(400).collect::<String>()
        ),
    }
}

/// `text` formatted, checked to be unchanged by a second formatting.
fn stable(text: &str, options: Options, what: &str) -> String {
    let once = formatted(text, options);
    assert_eq!(
        formatted(&once, options),
        once,
        "{what} at width {}: formatting twice changed it",
        options.width
    );
    once
}

#[test]
fn format_fixtures() {
    for path in fixtures() {
        let source = std::fs::read_to_string(&path).unwrap();
        let options = options_of(&source);
        let once = stable(&source, options, &path.display().to_string());
        assert_eq!(
            meaning(&once),
            meaning(&source),
            "{}: formatting changed its meaning",
            path.display()
        );
        assert!(
            meaning(&source).is_ok(),
            "{}: a fixture should evaluate",
            path.display()
        );
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({
            description => source,
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("format__{name}"), once);
        });
    }
}

/// The project's own programs are formatted (CI fails on one that is not).
#[test]
fn examples_and_stdlib_are_formatted() {
    let mut files = Vec::new();
    floe_files(&repo().join("examples"), &mut files);
    floe_files(&repo().join("stdlib"), &mut files);
    assert!(files.len() > 20, "{files:?}");
    let unformatted: Vec<String> = files
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            formatted(&text, Options::default()) != text
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        unformatted.is_empty(),
        "not formatted (run `floe fmt examples stdlib`): {unformatted:?}"
    );
}

/// The one-file programs the tests hold, as they were written: the eval
/// fixtures and the format fixtures.
fn corpus() -> Vec<(PathBuf, String)> {
    let mut files = fixtures();
    floe_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval"),
        &mut files,
    );
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .filter(|(_, t)| !t.contains("\n#- ") && !t.starts_with("#- "))
        .filter(|(_, t)| Parse::of(t).errors.is_empty())
        .collect()
}

/// At widths from very narrow to very wide, every program of the corpus
/// and every example keeps its meaning and is stable.
#[test]
fn every_width_keeps_meaning() {
    for (path, text) in corpus() {
        let before = meaning(&text);
        for width in [1, 20, 40, 80, 100, 200] {
            let options = Options { width };
            let once = stable(&text, options, &path.display().to_string());
            assert_eq!(
                meaning(&once),
                before,
                "{} at width {width}: meaning changed",
                path.display()
            );
        }
    }
    let mut examples = Vec::new();
    floe_files(&repo().join("examples"), &mut examples);
    floe_files(&repo().join("stdlib"), &mut examples);
    for path in examples {
        let text = std::fs::read_to_string(&path).unwrap();
        for width in [1, 40, 160] {
            stable(&text, Options { width }, &path.display().to_string());
        }
    }
}

#[test]
fn a_file_with_syntax_errors_is_refused() {
    for text in ["{ a = 1, b = [1, 2 }", "let x = in x", "{ a = 1; b = 2 }"] {
        match format(text, Options::default()) {
            Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty()),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn hostile_nesting_is_formatted_without_overflow() {
    // Just within the lexer's bracket limit.
    let depth = 500;
    let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let once = formatted(&text, Options::default());
    assert_eq!(formatted(&once, Options::default()), once);
    let text = format!("{}0", "1 + (".repeat(500)) + &")".repeat(500);
    let once = formatted(&text, Options::default());
    assert_eq!(meaning(&once), meaning(&text));
}

/// `text` with the white space between tokens changed by `choices`: spaces
/// become line breaks and line breaks spaces, spaces are added between
/// tokens. Blank lines, the white space around comments and everything in
/// a string are left alone, since the layout keeps those.
fn respaced(text: &str, choices: &[u8]) -> String {
    let root = Parse::of(text).tree.root();
    let mut out = String::new();
    let mut choice = choices.iter().cycle();
    let tokens: Vec<_> = root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        let in_string = token
            .parent_ancestors()
            .any(|a| a.kind() == SyntaxKind::Str);
        let near_comment = |j: Option<usize>| {
            j.and_then(|j| tokens.get(j))
                .is_some_and(|t| t.kind() == SyntaxKind::Comment)
        };
        let by_comment = near_comment(i.checked_sub(1)) || near_comment(Some(i + 1));
        let free = !in_string && !by_comment && token.kind() != SyntaxKind::Comment;
        let pick = choice.next().copied().unwrap_or(0);
        if token.kind() == SyntaxKind::Whitespace {
            if !free || token.text().matches('\n').count() >= 2 {
                out.push_str(token.text());
                continue;
            }
            out.push_str(match pick % 5 {
                0 => token.text(),
                1 => " ",
                2 => "    ",
                3 => "\n",
                _ => "\n        ",
            });
            continue;
        }
        out.push_str(token.text());
        let next_is_token = tokens
            .get(i + 1)
            .is_some_and(|t| !matches!(t.kind(), SyntaxKind::Whitespace | SyntaxKind::Comment));
        if free && next_is_token && pick % 7 == 6 {
            let next_in_string = tokens
                .get(i + 1)
                .is_some_and(|t| t.parent_ancestors().any(|a| a.kind() == SyntaxKind::Str));
            if !next_in_string {
                out.push(' ');
            }
        }
    }
    out
}

/// A generated program: records, lists, `let`, `if`, lambdas, merges and
/// arithmetic, with comments and careless spacing.
fn program() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<u16>().prop_map(|n| n.to_string()),
        "[a-z]{0,6}".prop_map(|s| format!("\"{s}\"")),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("x".to_string()),
        Just("(x + 1) * 2".to_string()),
    ];
    let expr = leaf.prop_recursive(4, 48, 5, |inner| {
        let sep = prop_oneof![Just(" "), Just("\n"), Just("  ")];
        let note = prop_oneof![Just(""), Just("# a note\n"), Just("# another\n\n")];
        prop_oneof![
            prop::collection::vec(
                ("[a-z]{1,4}", inner.clone(), note.clone(), sep.clone()),
                0..5
            )
            .prop_map(|fields| {
                let mut seen = std::collections::HashSet::new();
                let body: Vec<String> = fields
                    .into_iter()
                    .filter(|(k, ..)| seen.insert(k.clone()))
                    .map(|(k, v, n, s)| format!("{n}k{k} = {v},{s}"))
                    .collect();
                format!("{{ {} }}", body.concat())
            }),
            prop::collection::vec((inner.clone(), sep.clone()), 0..5).prop_map(|items| {
                let body: Vec<String> =
                    items.into_iter().map(|(v, s)| format!("{v},{s}")).collect();
                format!("[{}]", body.concat())
            }),
            (inner.clone(), inner.clone(), sep.clone())
                .prop_map(|(a, b, s)| format!("let y = {a},{s}in [y, {b}]")),
            (inner.clone(), inner.clone(), note.clone())
                .prop_map(|(a, b, n)| format!("if x == 1 then {a}\n{n}else {b}")),
            inner
                .clone()
                .prop_map(|a| format!("(\\z w -> [z, w]) ({a}) x")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("{{ l = {a} }} // {{ r = {b} }}")),
        ]
    });
    expr.prop_map(|e| format!("# generated\nlet x = 1 in\n{e}\n"))
}

fn sample_of_corpus() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(read_sample)
}

fn read_sample() -> Vec<String> {
    let mut texts: Vec<String> = corpus().into_iter().map(|(_, t)| t).collect();
    let mut examples = Vec::new();
    floe_files(&repo().join("stdlib"), &mut examples);
    floe_files(&repo().join("examples"), &mut examples);
    texts.extend(examples.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    texts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// However a program is spaced, it formats to the same text.
    #[test]
    fn layout_does_not_depend_on_spacing(
        pick in any::<prop::sample::Index>(),
        choices in prop::collection::vec(any::<u8>(), 1..64),
        width in 20usize..140,
    ) {
        let texts = sample_of_corpus();
        let text = pick.get(texts);
        let options = Options { width };
        let mutated = respaced(text, &choices);
        prop_assume!(Parse::of(&mutated).errors.is_empty());
        let (a, b) = (formatted(&mutated, options), formatted(text, options));
        prop_assert!(a == b, "{}", first_difference(&a, &b));
    }

    /// Generated programs format stably and mean the same formatted.
    #[test]
    fn generated_programs_keep_their_meaning(text in program(), width in 10usize..120) {
        prop_assume!(Parse::of(&text).errors.is_empty());
        let options = Options { width };
        let once = formatted(&text, options);
        prop_assert_eq!(formatted(&once, options), once.clone());
        prop_assert_eq!(meaning(&once), meaning(&text));
    }
}

/// The respacing the property relies on does change the text.
#[test]
fn respacing_changes_the_text() {
    let text = std::fs::read_to_string(repo().join("stdlib/k8s.floe")).unwrap();
    for choice in [1u8, 3, 4, 6] {
        let mutated = respaced(&text, &[choice]);
        assert_ne!(mutated, text, "choice {choice}");
        assert!(Parse::of(&mutated).errors.is_empty(), "choice {choice}");
        assert_eq!(
            formatted(&mutated, Options::default()),
            text,
            "choice {choice}"
        );
    }
}
