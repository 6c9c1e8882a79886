//! What an edit recomputes: after changing one file, queries over files the
//! edit does not touch are reused, not executed again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::data::Data;
use floe_lang::db::{Db, MemoryFileSystem};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};

fn setup() -> (Database, floe_lang::SourceFile, floe_lang::SourceFile) {
    let mut fs = MemoryFileSystem::new();
    fs.insert(
        "/p/main.floe",
        "let lib = import \"./lib.floe\" in { total = lib.base + 1 }",
    );
    fs.insert("/p/lib.floe", "{ base = 41 }");
    let db = Database::with_query_log(Arc::new(fs), PathBuf::from("/p"));
    let main = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    let lib = db.load(&PathBuf::from("/p/lib.floe")).unwrap();
    (db, main, lib)
}

fn names(log: &[String]) -> Vec<String> {
    // Sorted for stability.
    let mut v = log.to_vec();
    v.sort();
    v
}

#[test]
fn editing_one_file_reparses_only_that_file() {
    let (mut db, main, lib) = setup();
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    let first = evaluate(&db, request).clone().unwrap();
    assert_eq!(first.get("total"), Some(&Data::Int(42)));
    let cold = names(&db.take_query_log());
    assert!(cold.iter().any(|q| q.starts_with("lower(")), "{cold:?}");

    // Asking again executes nothing.
    let _ = evaluate(&db, request);
    assert!(db.take_query_log().is_empty());

    // Edit main: main is parsed and lowered again (parsing is part of
    // lowering), lib is not.
    assert!(db.set_text(
        &PathBuf::from("/p/main.floe"),
        "let lib = import \"./lib.floe\" in { total = lib.base + 2 }"
    ));
    let second = evaluate(&db, request).clone().unwrap();
    assert_eq!(second.get("total"), Some(&Data::Int(43)));
    let warm = names(&db.take_query_log());
    let main_id = format!("{:?}", salsa::plumbing::AsId::as_id(&main));
    let lib_id = format!("{:?}", salsa::plumbing::AsId::as_id(&lib));
    assert!(warm.contains(&format!("lower({main_id})")), "{warm:?}");
    assert!(
        !warm.contains(&format!("lower({lib_id})")),
        "lib was lowered again: {warm:?}"
    );
    insta::assert_debug_snapshot!("incremental_after_edit", warm);
}
