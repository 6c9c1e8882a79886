//! What an edit recomputes: after changing one file, queries over files the
//! edit does not touch are reused, not executed again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::data::Data;
use floe_lang::db::MemoryFileSystem;
use floe_lang::run::{evaluate, module_data, EvalRequest};
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

    // Edit main: main is parsed and lowered again, lib is not.
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
    assert!(warm.contains(&format!("parse({main_id})")), "{warm:?}");
    assert!(
        !warm.contains(&format!("lower({lib_id})")) && !warm.contains(&format!("parse({lib_id})")),
        "lib was parsed or lowered again: {warm:?}"
    );
    insta::assert_debug_snapshot!("incremental_after_edit", warm);
}

/// The workspace of `floe-bench-incr` in small: two domains whose values
/// are plain data, gathered by a main file.
fn mesh() -> (Database, floe_lang::SourceFile) {
    let mut fs = MemoryFileSystem::new();
    fs.insert(
        "/m/main.floe",
        "let ds = [import \"./a.floe\", import \"./b.floe\"] in { replicas = map (\\d -> d.replicas) ds, names = map (\\d -> d.name) ds }",
    );
    fs.insert(
        "/m/lib.floe",
        "{ make = \\name n -> { name, replicas = n } }",
    );
    fs.insert("/m/a.floe", "(import \"./lib.floe\").make \"a\" 1");
    fs.insert("/m/b.floe", "(import \"./lib.floe\").make \"b\" 2");
    let db = Database::with_query_log(Arc::new(fs), PathBuf::from("/m"));
    let main = db.load(&PathBuf::from("/m/main.floe")).unwrap();
    (db, main)
}

fn count(log: &[String], query: &str) -> usize {
    log.iter().filter(|q| q.starts_with(query)).count()
}

/// The `replicas` list of the mesh's answer.
fn replicas(db: &Database, request: EvalRequest) -> Data {
    let answer = evaluate(db, request).clone().unwrap();
    answer.get("replicas").cloned().unwrap()
}

fn ints(values: &[i64]) -> Data {
    Data::List(values.iter().map(|&n| Data::Int(n)).collect())
}

/// Sets domain a's replica count to `n`, evaluates again (b's stays 2)
/// and returns the queries that ran.
fn edit_a(db: &mut Database, request: EvalRequest, n: i64) -> Vec<String> {
    assert!(db.set_text(
        &PathBuf::from("/m/a.floe"),
        &format!("(import \"./lib.floe\").make \"a\" {n}")
    ));
    assert_eq!(replicas(db, request), ints(&[n, 2]));
    db.take_query_log()
}

#[test]
fn editing_one_domain_evaluates_only_that_domain_again() {
    let (mut db, main) = mesh();
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    assert_eq!(replicas(&db, request), ints(&[1, 2]));
    let cold = db.take_query_log();
    // a, b and lib (which holds a function, so it stays lazy) were tried.
    assert_eq!(count(&cold, "module_data("), 3, "{cold:?}");

    let first = edit_a(&mut db, request, 5);
    // Only the edited domain's value is computed again; b's is reused.
    assert_eq!(count(&first, "module_data("), 1, "{first:?}");
    assert_eq!(count(&first, "lower("), 1, "{first:?}");
    // A file's first edit makes it less durable, so what depends on it is
    // checked once more (main's type check among it); from then on an
    // edit that leaves a's type alone leaves main's check alone, even one
    // that moves text (and so changes a's type table).
    assert!(count(&first, "type_check(") <= 2, "{first:?}");
    let warm = edit_a(&mut db, request, 17);
    assert_eq!(count(&warm, "module_data("), 1, "{warm:?}");
    assert_eq!(count(&warm, "type_check("), 1, "{warm:?}");
    assert_eq!(count(&warm, "lower("), 1, "{warm:?}");
}

/// Evaluating an imported file completely stops at its step budget: a file
/// whose unused field needs more than `EAGER_STEPS` (but far less than the
/// run's own limit) is left to lazy evaluation, which never computes it.
#[test]
fn evaluating_a_file_as_data_stops_at_its_budget() {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/s/main.floe", "(import \"./lib.floe\").a");
    fs.insert(
        "/s/lib.floe",
        "{ a = 1, slow = let fib = \\n -> if n < 2 then n else fib (n - 1) + fib (n - 2) in fib 32 }",
    );
    fs.insert("/s/small.floe", "{ a = 1, quick = let fib = \\n -> if n < 2 then n else fib (n - 1) + fib (n - 2) in fib 10 }");
    let db = Database::new(Arc::new(fs), PathBuf::from("/s"));
    let lib = db.load(&PathBuf::from("/s/lib.floe")).unwrap();
    let small = db.load(&PathBuf::from("/s/small.floe")).unwrap();
    let main = db.load(&PathBuf::from("/s/main.floe")).unwrap();
    // Within the budget a file is data; beyond it, it is not.
    assert!(module_data(&db, small, Limits::default()).is_some());
    assert!(module_data(&db, lib, Limits::default()).is_none());
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    assert_eq!(evaluate(&db, request).clone().unwrap(), Data::Int(1));
}

/// Every type query may be called on any file: a file on an import cycle
/// is checked on its own without a cyclic query (the importer's view of the
/// cycle is `Dynamic`), and the rest of the file is still checked.
#[test]
fn type_queries_on_a_file_in_an_import_cycle_do_not_cycle() {
    let mut fs = MemoryFileSystem::new();
    fs.insert(
        "/p/a.floe",
        "let b = import \"./b.floe\" in { x = b.y, bad = (\"two\" : Int) }",
    );
    fs.insert(
        "/p/b.floe",
        "let a = import \"./a.floe\" in { y = 1, z = a.x }",
    );
    fs.insert("/p/c.floe", "let a = import \"./a.floe\" in a.x");
    let db = Database::with_query_log(Arc::new(fs), PathBuf::from("/p"));
    let a = db.load(&PathBuf::from("/p/a.floe")).unwrap();
    let b = db.load(&PathBuf::from("/p/b.floe")).unwrap();
    let c = db.load(&PathBuf::from("/p/c.floe")).unwrap();
    for file in [a, b, c] {
        let _ = floe_lang::types::type_check(&db, file);
        let _ = floe_lang::types::file_type(&db, file);
        let _ = floe_lang::types::file_known(&db, file);
    }
    assert!(*floe_lang::types::on_cycle(&db, a) && *floe_lang::types::on_cycle(&db, b));
    assert!(!*floe_lang::types::on_cycle(&db, c));
    // The error that is not about the cycle is still found.
    let found = &floe_lang::types::type_check(&db, a).diagnostics;
    assert!(
        found
            .iter()
            .any(|d| d.code == floe_lang::diagnostics::Code::E0301),
        "{found:?}"
    );
    // `check` reports the cycle.
    let all = floe_lang::types::check(&db, c);
    assert!(
        all.iter()
            .any(|d| d.code == floe_lang::diagnostics::Code::E0202),
        "{all:?}"
    );
}
