//! Analysis that crosses files carries no byte positions: text that only
//! moves in a shared file (a comment, indentation) type-checks that file
//! again and no other, and what the others report still points at the
//! right place in the moved text. Nothing is evaluated again either: the
//! lowered tree holds anchors, not spans.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::floe_files;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::diagnostics::Code;
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::types::check;
use floe_lang::{Database, Limits, SourceFile};

const FILES: [&str; 6] = [
    "main.floe",
    "schema.floe",
    "enterprise.floe",
    "domains/sales.floe",
    "domains/marketing.floe",
    "domains/finance.floe",
];

/// `examples/layers` in memory, plus `extra` files.
fn layers(extra: &[(&str, &str)]) -> (Database, SourceFile) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/layers");
    let mut fs = MemoryFileSystem::new();
    for name in FILES {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        fs.insert(format!("/l/{name}"), text);
    }
    for (name, text) in extra {
        fs.insert(format!("/l/{name}"), *text);
    }
    let db = Database::with_query_log(Arc::new(fs), PathBuf::from("/l"));
    let main = db.load(Path::new("/l/main.floe")).unwrap();
    (db, main)
}

fn id(file: SourceFile) -> String {
    format!("{:?}", salsa::plumbing::AsId::as_id(&file))
}

/// The queries named `query` that ran, by the file they ran on.
fn ran<'a>(log: &'a [String], query: &str) -> Vec<&'a str> {
    log.iter()
        .filter_map(|q| q.strip_prefix(query)?.strip_prefix('('))
        .collect()
}

/// `text` under a comment line of its own, every line indented two more
/// spaces: every byte offset moves, no token changes, and each comment
/// still sits just above what it documents.
fn moved(text: &str) -> String {
    format!(
        "# Moved down by this line.\n\n{}",
        text.replace('\n', "\n  ")
    )
}

/// Evaluates and checks `request`'s file, as `floe eval --watch` does.
fn settle(db: &Database, request: EvalRequest) {
    assert!(evaluate(db, request).is_ok());
    let _ = check(db, request.root(db));
}

fn move_text(db: &mut Database, name: &str) -> SourceFile {
    let path = PathBuf::from(format!("/l/{name}"));
    let file = db.load(&path).unwrap();
    let text = file.text(db).to_string();
    assert!(db.set_text(&path, &moved(&text)));
    file
}

/// The files as an editor has them once it has edited them: a file read
/// from disk is of medium durability and becomes low at its first edit,
/// after which salsa re-checks what depends on it once (a result is
/// reused unchanged only when its inputs are as durable as before).
fn edited(db: &mut Database, request: EvalRequest) {
    for shared in ["schema.floe", "enterprise.floe"] {
        move_text(db, shared);
    }
    settle(db, request);
    let _ = db.take_query_log();
}

#[test]
fn moving_text_in_the_shared_files_rechecks_only_them() {
    let (mut db, main) = layers(&[]);
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    settle(&db, request);
    edited(&mut db, request);
    for shared in ["schema.floe", "enterprise.floe"] {
        let file = move_text(&mut db, shared);
        settle(&db, request);
        let log = db.take_query_log();
        let only = |query: &str| {
            let on = ran(&log, query);
            assert!(
                on.iter().all(|f| f.starts_with(&id(file))),
                "{query} ran on other files than {shared}: {log:?}"
            );
        };
        assert_eq!(ran(&log, "type_check").len(), 1, "{shared}: {log:?}");
        for query in [
            "type_check",
            "file_type",
            "file_known",
            "lower",
            "parse",
            "module",
        ] {
            only(query);
        }
        // Nothing is evaluated again: the lowered trees are position-free.
        assert!(ran(&log, "module_data").is_empty(), "{shared}: {log:?}");
        assert!(ran(&log, "evaluate").is_empty(), "{shared}: {log:?}");
    }
}

#[test]
fn what_other_files_report_points_into_the_moved_text() {
    // A domain that lowers a `stronger` field: the breach is the domain's,
    // with the schema's declaration and the enterprise's value beside it.
    let weak = "let acme = import \"./enterprise.floe\" in\nacme extends { governance.audit_logging = \"disabled\" }";
    let (mut db, main) = layers(&[("weak.floe", weak)]);
    let weak = db.load(Path::new("/l/weak.floe")).unwrap();
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    edited(&mut db, request);
    let labels = |db: &Database| {
        let found = check(db, weak);
        let breach = found
            .iter()
            .find(|d| d.code == Code::E0402)
            .unwrap_or_else(|| panic!("no breach: {found:?}"));
        breach
            .primary
            .iter()
            .chain(&breach.secondary)
            .map(|l| {
                let text = l.file.text(db);
                (l.message.clone(), text[l.span().range()].to_string())
            })
            .collect::<Vec<_>>()
    };
    let before = labels(&db);
    let _ = db.take_query_log();
    for shared in ["schema.floe", "enterprise.floe"] {
        move_text(&mut db, shared);
        let after = labels(&db);
        assert_eq!(after, before, "after moving text in {shared}");
        let log = db.take_query_log();
        assert!(
            !ran(&log, "type_check")
                .iter()
                .any(|f| f.starts_with(&id(weak))),
            "the domain was checked again: {log:?}"
        );
    }
    let shown = before.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>();
    assert_eq!(
        shown,
        ["\"disabled\"", "audit_logging", "\"enabled\"",],
        "{before:?}"
    );
}

/// `text` with its white space widened at the places `seed` picks, and a
/// comment of its own on top: every offset after the first moves, and
/// nothing else changes (no token, no comment's neighbours).
fn widened(text: &str, seed: u64) -> String {
    let tree = floe_lang::syntax::Parse::of(text).tree;
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::from("# Widened.\n\n");
    let mut last = 0;
    for token in tree
        .root()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == floe_lang::syntax::SyntaxKind::Whitespace)
    {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        let end = usize::from(token.text_range().end());
        out.push_str(&text[last..end]);
        last = end;
        out.push_str(&" ".repeat((state >> 60) as usize));
    }
    out.push_str(&text[last..]);
    out
}

/// For every program of the repository (examples, the standard library,
/// the test fixtures), widening its white space leaves what checking and
/// evaluation read of it as it was: its `module`, its type, what is known
/// of its value, and its type errors.
#[test]
fn widened_text_leaves_every_analysis_result_equal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples", "stdlib", "lang/tests/fixtures"] {
        floe_files(&root.join(dir), &mut files);
    }
    let mut compared = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // Multi-file fixtures and broken programs are left out: a broken
        // file's recovery may follow the layout.
        if text.contains("#- ") || !floe_lang::syntax::Parse::of(&text).errors.is_empty() {
            continue;
        }
        for seed in 0..3 {
            let mut fs = MemoryFileSystem::new();
            fs.insert("/w/main.floe", text.as_str());
            let mut db = Database::new(Arc::new(fs), PathBuf::from("/w"));
            let file = db.load(Path::new("/w/main.floe")).unwrap();
            let facts = |db: &Database| {
                (
                    floe_lang::resolve::module(db, file).clone(),
                    floe_lang::types::file_type(db, file).clone(),
                    floe_lang::types::file_known(db, file).clone(),
                    floe_lang::types::type_check(db, file).diagnostics.clone(),
                )
            };
            let before = facts(&db);
            let moved = widened(&text, seed);
            assert_ne!(moved, text);
            assert!(db.set_text(Path::new("/w/main.floe"), &moved));
            let after = facts(&db);
            if after != before {
                let (b, a) = (format!("{before:#?}"), format!("{after:#?}"));
                let diff: Vec<_> = b
                    .lines()
                    .zip(a.lines())
                    .filter(|(x, y)| x != y)
                    .take(3)
                    .collect();
                panic!("{} (seed {seed}): a result moved: {diff:?}", path.display());
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}
